// Business time: the operator's configured IANA time zone (LK_TIME_ZONE, Europe/Moscow by default;
// ADR 0080). Everything a person reads and every monthly boundary — billing periods, due dates,
// the promised payment's month, the autopay day — is in this zone. Built on Intl (the runtime's
// ICU time-zone data), never on a hand-written offset table, so a zone with daylight saving works.

export const DEFAULT_TIME_ZONE = "Europe/Moscow";
const DAY = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();
function partsFormat(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(tz, f);
  }
  return f;
}

/** True when the runtime knows `tz` as an IANA time zone. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of an instant in `tz`. */
export function wallTime(d: Date, tz: string): WallTime {
  const p: Record<string, number> = {};
  for (const x of partsFormat(tz).formatToParts(d)) if (x.type !== "literal") p[x.type] = Number(x.value);
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

/** Minutes `tz` is ahead of UTC at instant `d` (Moscow: 180). */
export function offsetMinutes(d: Date, tz: string): number {
  const w = wallTime(d, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
}

/** "+03:00" */
export function offsetText(d: Date, tz: string): string {
  const m = offsetMinutes(d, tz);
  const a = Math.abs(m);
  return `${m < 0 ? "-" : "+"}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

/** The instant of local midnight starting civil date y-m-d in `tz` (month and day may overflow). */
export function localMidnight(year: number, month: number, day: number, tz: string): Date {
  return localInstant({ year, month, day, hour: 0, minute: 0, second: 0 }, tz);
}

/** The instant a wall-clock reading in `tz` names (an outside system's zone-less local time). */
export function localInstant(w: WallTime, tz: string): Date {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const first = guess - offsetMinutes(new Date(guess), tz) * 60_000;
  const second = guess - offsetMinutes(new Date(first), tz) * 60_000;
  return new Date(second);
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** The local civil date of an instant: "2026-12-01". */
export function localDate(d: Date, tz: string): string {
  const w = wallTime(d, tz);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The local month of an instant: "2026-12" (a billing period id). */
export const localMonth = (d: Date, tz: string) => localDate(d, tz).slice(0, 7);

/** Day of the month in `tz` (1–31). */
export const localDayOfMonth = (d: Date, tz: string) => wallTime(d, tz).day;

/** Local midnight starting the day of instant `d`. */
export function startOfLocalDay(d: Date, tz: string): Date {
  const w = wallTime(d, tz);
  return localMidnight(w.year, w.month, w.day, tz);
}

/** Local midnight starting the month of `d`, `back` months earlier. */
export function startOfLocalMonth(d: Date, tz: string, back = 0): Date {
  const w = wallTime(d, tz);
  return localMidnight(w.year, w.month - back, 1, tz);
}

/** A civil date as a day number (days since 1970-01-01), for counting days across DST changes. */
export const civilDay = (iso: string) => Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY);
export const civilDate = (dayNo: number) => new Date(dayNo * DAY).toISOString().slice(0, 10);

/** An instant as ISO 8601 with the zone's offset: "2026-12-01T00:30:00+03:00". */
export function localIso(d: Date, tz: string): string {
  const w = wallTime(d, tz);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${offsetText(d, tz)}`;
}
