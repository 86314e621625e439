import type { Period } from "./period";

const DAY = 86_400_000;
const floorDay = (d: Date) => Math.floor(d.getTime() / DAY) * DAY;

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
 * or nothing after a disconnection), so a tariff change never charges one day twice.
 * Amount = fee × days / days in month, rounded half-up; a whole month is exactly the fee.
 */
export function prorate(fee: number, start: Date, end: Date | null, period: Period): Proration {
  const from = Math.max(floorDay(start), period.from.getTime());
  const to = Math.min(end ? floorDay(end) : period.to.getTime(), period.to.getTime());
  const days = Math.max(0, Math.round((to - from) / DAY));
  const amount = days === period.days ? fee : Math.floor((fee * days * 2 + period.days) / (2 * period.days));
  return {
    days,
    from: new Date(from).toISOString().slice(0, 10),
    to: new Date(Math.max(from, to - DAY)).toISOString().slice(0, 10),
    amount,
  };
}
