import { en } from "./en";
import { type Dict, ru } from "./ru";

export type Lang = "ru" | "en";
export type { Dict };

/** The dictionary for a language; anything but English falls back to Russian. */
export function dict(lang: Lang): Dict {
  return lang === "en" ? en : ru;
}

/** "en-GB" → "en"; anything else → "ru" (the operator's default audience). */
export function normalizeLang(value: string | null | undefined): Lang {
  return value?.toLowerCase().startsWith("en") ? "en" : "ru";
}
