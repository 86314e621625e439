import { invalidField } from "../errors/index";
import { civilDay, dateShort, localMidnight, localMonth, periodText } from "../time/index";

/**
 * A billing period: a calendar month in the operator's time zone (ADR 0080), `from` inclusive and
 * `to` exclusive as instants (local midnight of the 1st of this month and of the next), and its
 * first and last civil dates. A call at 00:30 MSK on 1 December (21:30 UTC on 30 November) is
 * December's.
 */
export interface Period {
  id: string;
  year: number;
  month: number;
  /** The zone the boundaries were computed in. */
  timeZone: string;
  from: Date;
  to: Date;
  days: number;
  firstDay: string;
  lastDay: string;
}

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

const pad2 = (n: number) => String(n).padStart(2, "0");
const civil = (year: number, month: number, day: number) =>
  new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);

export function parsePeriod(id: string, timeZone: string, field = "period"): Period {
  const m = PERIOD_RE.exec(id);
  if (!m) {
    throw invalidField(field, "invalid_period", {
      ru: "Период в формате ГГГГ-ММ",
      en: "Period as YYYY-MM",
    });
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const firstDay = civil(year, month, 1);
  const lastDay = civil(year, month + 1, 0);
  return {
    id,
    year,
    month,
    timeZone,
    from: localMidnight(year, month, 1, timeZone),
    to: localMidnight(year, month + 1, 1, timeZone),
    days: civilDay(lastDay) - civilDay(firstDay) + 1,
    firstDay,
    lastDay,
  };
}

/** The billing period (local month) an instant falls in. */
export const periodOf = (d: Date, timeZone: string) => localMonth(d, timeZone);

/** "2026-11" shifted by `months` → "2026-12"; pure calendar arithmetic, no zone involved. */
export const shiftPeriod = (id: string, months: number) => {
  const m = PERIOD_RE.exec(id);
  if (!m)
    throw invalidField("period", "invalid_period", {
      ru: "Период в формате ГГГГ-ММ",
      en: "Period as YYYY-MM",
    });
  const i = Number(m[1]) * 12 + Number(m[2]) - 1 + months;
  return `${Math.floor(i / 12)}-${pad2((i % 12) + 1)}`;
};

/** «октябрь 2026» */
export const periodNameRu = (id: string) => periodText(id, "ru");

/** 2026-10-31 → 31.10.2026 */
export const dateRu = dateShort;
