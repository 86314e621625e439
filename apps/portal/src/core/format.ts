// Russian formats regardless of UI language, as accountants read them: 1 234,56 ₽, 25.11.2026.
// Money arrives as integer kopecks and is shown, never computed, with floats. Dates and times are
// the operator's time zone (LK_TIME_ZONE, Europe/Moscow by default), never the browser's or UTC.

/**
 * The operator's time zone: the server writes it into index.html (`<meta name="lk-time-zone">`,
 * apps/api/src/routes/portal); Moscow where the page has none (the Vite dev server).
 */
export const DEFAULT_TIME_ZONE = "Europe/Moscow";
export const timeZone: string =
  (typeof document !== "undefined" &&
    document.querySelector<HTMLMetaElement>('meta[name="lk-time-zone"]')?.content) ||
  DEFAULT_TIME_ZONE;

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
  timeZone,
});
const dateTime = new Intl.DateTimeFormat("ru-RU", {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone,
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

const wallCache = new Map<string, Intl.DateTimeFormat>();
/** The wall clock of `tz` at instant `d`: year, month (1–12), day, hour, minute, second. */
function wall(d: Date, tz: string) {
  let f = wallCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: tz,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
    wallCache.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(d)) if (x.type !== "literal") p[x.type] = Number(x.value);
  return p as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}
const pad = (n: number) => String(n).padStart(2, "0");

/** The civil date YYYY-MM-DD in `tz` at instant `d`. */
export function dayIn(d: Date, tz: string): string {
  const w = wall(d, tz);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** The month YYYY-MM in `tz` at instant `d`, shifted by `shift` months. */
export function monthIn(d: Date, tz: string, shift = 0): string {
  const w = wall(d, tz);
  const x = new Date(Date.UTC(w.year, w.month - 1 + shift, 1));
  return `${x.getUTCFullYear()}-${pad(x.getUTCMonth() + 1)}`;
}

/** Minutes `tz` is ahead of UTC at instant `d` (+180 for Moscow). */
function offsetAt(d: Date, tz: string): number {
  const w = wall(d, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
}

/**
 * A wall time of `tz` as ISO 8601 with that zone's offset on that day:
 * ("2026-07-07", "00:00:00", "Europe/Berlin") → "2026-07-07T00:00:00+02:00". What the API's
 * `from`/`to` take for a day a person picked.
 */
export function zonedIso(day: string, time: string, tz: string): string {
  const asUtc = Date.parse(`${day}T${time}Z`);
  // The offset at the wall time read as UTC, then once more at the instant that gives: right on
  // both sides of a daylight-saving change.
  const first = offsetAt(new Date(asUtc), tz);
  const off = offsetAt(new Date(asUtc - first * 60_000), tz);
  const a = Math.abs(off);
  return `${day}T${time}${off < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** The current month as YYYY-MM in the operator's zone, and shifts of it. */
export const monthOf = (d = new Date(), shift = 0): string => monthIn(d, timeZone, shift);

/** Today's date YYYY-MM-DD in the operator's zone. */
export const today = (): string => dayIn(new Date(), timeZone);

/** The start (00:00:00) or the end (23:59:59) of a day a person picked, in the operator's zone. */
export const dayStart = (day: string): string => zonedIso(day, "00:00:00", timeZone);
export const dayEnd = (day: string): string => zonedIso(day, "23:59:59", timeZone);

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
