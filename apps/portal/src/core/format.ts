// Russian formats regardless of UI language, as accountants read them: 1 234,56 ₽, 25.11.2026.
// Money arrives as integer kopecks and is shown, never computed, with floats.

const money = new Intl.NumberFormat("ru-RU", {
  style: "currency",
  currency: "RUB",
  minimumFractionDigits: 2,
});
const num = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 2 });
const date = new Intl.DateTimeFormat("ru-RU", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  timeZone: "Europe/Moscow",
});
const dateTime = new Intl.DateTimeFormat("ru-RU", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Europe/Moscow",
});

/** "1 250,50 ₽"; a debt as "−1 250,50 ₽" with the minus sign (ICU's ru-RU writes a hyphen). */
export const fmtMoney = (kopecks: number | null | undefined): string =>
  kopecks === null || kopecks === undefined ? "—" : money.format(kopecks / 100).replace("-", "\u2212");
export const fmtNumber = (n: number | null | undefined): string =>
  n === null || n === undefined ? "—" : num.format(n);

const asDate = (v: string | Date) =>
  typeof v === "string" ? new Date(v.length === 10 ? `${v}T12:00:00Z` : v) : v;
export const fmtDate = (v: string | Date | null | undefined): string => (v ? date.format(asDate(v)) : "—");
export const fmtDateTime = (v: string | Date | null | undefined): string =>
  v ? dateTime.format(asDate(v)) : "—";

const monthRu = new Intl.DateTimeFormat("ru-RU", { month: "long", timeZone: "UTC" });
const monthEn = new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" });
/** A billing month as people name it: "2026-12" → "декабрь 2026" / "December 2026". */
export const fmtPeriod = (p: string | null | undefined): string => {
  const m = p ? /^(\d{4})-(\d{2})$/.exec(p) : null;
  if (!m) return p ?? "—";
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15));
  const name = (document.documentElement.lang === "en" ? monthEn : monthRu).format(d);
  return `${name} ${m[1]}`;
};

export const fmtDuration = (sec: number): string => {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${m}:${ss}`;
};

export const fmtBytes = (b: number): string => {
  const units =
    document.documentElement.lang === "en" ? ["B", "KB", "MB", "GB", "TB"] : ["Б", "КБ", "МБ", "ГБ", "ТБ"];
  let i = 0;
  let v = b;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${num.format(Math.round(v * 10) / 10)} ${units[i]}`;
};

/** Rubles typed by a person ("1 234,5") → kopecks, or null if it isn't a sum. */
export function parseRubles(text: string): number | null {
  const t = text.replace(/[\s\u00a0₽]/g, "").replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [r, k = ""] = t.split(".");
  return Number(r) * 100 + Number(k.padEnd(2, "0"));
}

/** Kopecks → the editable text form "1234,56". */
export const rublesInput = (kopecks: number): string => (kopecks / 100).toFixed(2).replace(".", ",");

/** The current month as YYYY-MM (Moscow time), and shifts of it. */
export function monthOf(d = new Date(), shift = 0): string {
  const msk = new Date(d.getTime() + 3 * 3600_000);
  const x = new Date(Date.UTC(msk.getUTCFullYear(), msk.getUTCMonth() + shift, 1));
  return `${x.getUTCFullYear()}-${String(x.getUTCMonth() + 1).padStart(2, "0")}`;
}

export const today = (): string => new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);

const ruPlural = new Intl.PluralRules("ru-RU");
const enPlural = new Intl.PluralRules("en-GB");
/**
 * "3 позиции", "5 позиций", "1 item": the number and the word in the UI language's plural form
 * (Intl.PluralRules), never «3 лицевых счетов».
 */
export function plural(
  n: number,
  ru: { one: string; few: string; many: string },
  en: { one: string; other: string },
): string {
  if (document.documentElement.lang === "en")
    return `${n} ${enPlural.select(n) === "one" ? en.one : en.other}`;
  const f = ruPlural.select(n);
  return `${n} ${f === "one" ? ru.one : f === "few" ? ru.few : ru.many}`;
}
