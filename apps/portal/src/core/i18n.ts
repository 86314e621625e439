// Russian first, English second, side by side at the point of use: `L("Счета", "Accounts")`.
// Keeping both strings in the screen's own chunk means no dictionary in the initial bundle and no
// key can go missing in one language.

export type Lang = "ru" | "en";
const KEY = "lk.lang";

function initial(): Lang {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === "ru" || saved === "en") return saved;
  } catch {
    // storage may be disabled; fall back to Russian
  }
  return "ru";
}

let current: Lang = initial();
document.documentElement.lang = current;

export const lang = (): Lang => current;
export const L = (ru: string, en: string): string => (current === "en" ? en : ru);
export const locale = (): string => (current === "en" ? "en-GB" : "ru-RU");

/** Switches the language, persists it and tells every element to re-render (`lk-lang` on window). */
export function setLang(next: Lang) {
  if (next === current) return;
  current = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // not persisted; still switched for this page
  }
  window.dispatchEvent(new Event("lk-lang"));
}
