import type { Rounding } from "@lk/db";

/**
 * The price of one call in kopecks. Per-minute tariffs charge every started minute; per-second
 * tariffs charge the exact seconds, rounded half-up to the kopeck per call (the operator's
 * documented rule, so a call's cost never changes between the call list and the invoice).
 */
export function rateCall(durationSec: number, perMinuteKopecks: number, rounding: Rounding): number {
  if (durationSec <= 0 || perMinuteKopecks <= 0) return 0;
  if (rounding === "per_minute") return Math.ceil(durationSec / 60) * perMinuteKopecks;
  return Math.floor((durationSec * perMinuteKopecks * 2 + 60) / 120);
}

/** Billable seconds as the tariff counts them (for "minutes" totals that match the invoice). */
export const billableSeconds = (durationSec: number, rounding: Rounding) =>
  durationSec <= 0 ? 0 : rounding === "per_minute" ? Math.ceil(durationSec / 60) * 60 : durationSec;
