import type { Lang } from "../context/ctx";
import { wallTime } from "./zone";

// Dates and periods as people read them (notices, e-mails, documents, CLI): «20 октября 2026»,
// «ноябрь 2026», "20 October 2026". The SQL twins for messages built by INSERT … SELECT are in
// time/sql.ts; a test keeps them in step.

export const MONTHS_RU = [
  "январь",
  "февраль",
  "март",
  "апрель",
  "май",
  "июнь",
  "июль",
  "август",
  "сентябрь",
  "октябрь",
  "ноябрь",
  "декабрь",
] as const;
/** Genitive, for a date: «20 октября». */
export const MONTHS_RU_GEN = [
  "января",
  "февраля",
  "марта",
  "апреля",
  "мая",
  "июня",
  "июля",
  "августа",
  "сентября",
  "октября",
  "ноября",
  "декабря",
] as const;
export const MONTHS_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const PERIOD_RE = /^(\d{4})-(\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})/;

/** "2026-11" → «ноябрь 2026» / "November 2026" (as in «Услуги связи за ноябрь 2026»). */
export function periodText(id: string, lang: Lang = "ru"): string {
  const m = PERIOD_RE.exec(id);
  if (!m) return id;
  const i = Number(m[2]) - 1;
  return `${lang === "ru" ? MONTHS_RU[i] : MONTHS_EN[i]} ${m[1]}`;
}

/** A civil date "2026-10-20" → «20 октября 2026» / "20 October 2026". */
export function dateText(iso: string, lang: Lang = "ru"): string {
  const m = DATE_RE.exec(iso);
  if (!m) return iso;
  const i = Number(m[2]) - 1;
  return `${Number(m[3])} ${lang === "ru" ? MONTHS_RU_GEN[i] : MONTHS_EN[i]} ${m[1]}`;
}

/** A civil date "2026-10-20" → «20.10.2026» (documents' short form). */
export const dateShort = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/**
 * An instant as local time in the operator's zone: ru «01.12.2026 00:30», en "01.12.2026 00:30"
 * (with `zone`, the offset is said: «01.12.2026 00:30 (UTC+03:00)»).
 */
export function dateTimeText(d: Date, tz: string, opts: { zone?: boolean } = {}): string {
  const w = wallTime(d, tz);
  const p = (n: number) => String(n).padStart(2, "0");
  const text = `${p(w.day)}.${p(w.month)}.${w.year} ${p(w.hour)}:${p(w.minute)}`;
  if (!opts.zone) return text;
  const off = Math.round(
    (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(d.getTime() / 60_000) * 60_000) /
      60_000,
  );
  const a = Math.abs(off);
  return `${text} (UTC${off < 0 ? "−" : "+"}${p(Math.floor(a / 60))}:${p(a % 60)})`;
}

/** An instant as «5 декабря 2026 в 14:30» / "5 December 2026 at 14:30", local to `tz`. */
export function dateTimeLong(d: Date, tz: string, lang: Lang = "ru"): string {
  const w = wallTime(d, tz);
  const p = (n: number) => String(n).padStart(2, "0");
  const date = dateText(`${w.year}-${p(w.month)}-${p(w.day)}`, lang);
  return `${date} ${lang === "ru" ? "в" : "at"} ${p(w.hour)}:${p(w.minute)}`;
}
