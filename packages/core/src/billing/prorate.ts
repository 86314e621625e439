import { civilDate, civilDay, localDate } from "../time/index";
import type { Period } from "./period";

export interface Proration {
  /** Charged days and the first and last of them (ISO dates); days 0 = nothing to charge. */
  days: number;
  from: string;
  to: string;
  amount: number;
}

/**
 * A monthly fee pro-rated by days for an interval of service [start, end) within the period.
 * The day a service starts is charged; the day it ends belongs to what follows (the next tariff,
 * or nothing after a disconnection), so a tariff change never charges one day twice. Days are
 * the operator's local calendar days (ADR 0080): a line connected at 01:00 MSK on the 16th
 * (22:00 UTC on the 15th) is charged from the 16th.
 * Amount = fee × days / days in month, rounded half-up; a whole month is exactly the fee.
 */
export function prorate(fee: number, start: Date, end: Date | null, period: Period): Proration {
  const tz = period.timeZone;
  const first = civilDay(period.firstDay);
  const next = civilDay(period.lastDay) + 1;
  const from = Math.max(civilDay(localDate(start, tz)), first);
  const to = Math.min(end ? civilDay(localDate(end, tz)) : next, next);
  const days = Math.max(0, to - from);
  const amount = days === period.days ? fee : Math.floor((fee * days * 2 + period.days) / (2 * period.days));
  return {
    days,
    from: civilDate(from),
    to: civilDate(Math.max(from, to - 1)),
    amount,
  };
}
