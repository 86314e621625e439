/**
 * Options for `.refine()`/`.superRefine()` issues that carry a stable code and both languages;
 * the API's problem renderer picks the reader's language.
 */
export const localized = (code: string, ru: string, en: string) => ({
  message: code,
  params: { code, ru, en },
});
