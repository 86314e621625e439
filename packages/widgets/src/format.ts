import type { Lang } from "./i18n";

const NBSP = "\u00a0";

/** Kopecks → "1 234,56 ₽" (ru) or "₽1,234.56" (en). Integer arithmetic only: money is never a float. */
export function formatMoney(kopecks: number, lang: Lang): string {
  const sign = kopecks < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(kopecks));
  const rub = String(Math.floor(abs / 100));
  const kop = String(abs % 100).padStart(2, "0");
  const grouped = rub.replace(/\B(?=(\d{3})+(?!\d))/g, lang === "ru" ? NBSP : ",");
  return lang === "ru" ? `${sign}${grouped},${kop}${NBSP}₽` : `${sign}₽${grouped}.${kop}`;
}

/** Kopecks → "1234,56" for an editable field (no currency sign, no grouping). */
export function formatAmountInput(kopecks: number, lang: Lang): string {
  const rub = Math.floor(kopecks / 100);
  const kop = kopecks % 100;
  if (kop === 0) return String(rub);
  return `${rub}${lang === "ru" ? "," : "."}${String(kop).padStart(2, "0")}`;
}

/** "1 234,5" / "1234.50" → kopecks, or null when it is not an amount. Parsed as text, never as a float. */
export function parseAmount(text: string): number | null {
  const clean = text.replace(/[\s\u00a0\u202f₽]/g, "").replace(",", ".");
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  const kop = (m[2] ?? "").padEnd(2, "0");
  return Number(m[1]) * 100 + Number(kop);
}

/** ISO date "2026-01-20" → "20.01.2026" (ru) or "2026-01-20" (en); the date only, so no time-zone shift. */
export function formatDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return lang === "ru" ? `${m[3]}.${m[2]}.${m[1]}` : `${m[1]}-${m[2]}-${m[3]}`;
}
