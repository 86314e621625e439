import type { Lang } from "../context/ctx";

const NBSP = "\u00a0";
export const MINUS = "\u2212";

/**
 * Kopecks as digits grouped by `group`, with `decimal` and always two decimals: (123456, " ", ",")
 * is "1 234,56"; a negative amount has a leading minus sign "−" (U+2212, as typeset money is
 * written — a hyphen reads as a dash beside a space). The core's one writer of money as text in
 * code (receipts, notices, PDFs); its SQL twins, for messages built by INSERT … SELECT, are
 * rubRuSql / rubEnSql in billing/rub-sql.ts (a test keeps them in step).
 */
export function kopecksText(kopecks: number, group: string, decimal: string): string {
  const sign = kopecks < 0 ? MINUS : "";
  const abs = Math.abs(kopecks);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${whole}${decimal}${String(abs % 100).padStart(2, "0")}`;
}

/**
 * Money for people to read, as receipts, SMS and notices write it: Russian "1 250,50 ₽" (digits
 * grouped by a no-break space, decimal comma), English "1,250.50 ₽" — the same digits as
 * rubRuSql / rubEnSql; a plain space before the sign, as the notices built in SQL have it.
 */
export const rub = (kopecks: number, lang: Lang = "ru"): string =>
  `${lang === "ru" ? kopecksText(kopecks, NBSP, ",") : kopecksText(kopecks, ",", ".")} ₽`;
