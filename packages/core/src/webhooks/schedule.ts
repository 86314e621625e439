/**
 * Waits before each retry: attempt 1 is immediate, attempt n+1 follows attempt n by `RETRY_DELAYS_MS[n-1]`.
 * Ten attempts over ≈ 3 days (71 h 35 min 5 s), then the delivery is `failed` (ADR 0053).
 */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  20 * 3_600_000,
  20 * 3_600_000,
] as const;

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** The whole retry window; an endpoint failing for this long with nothing delivered is disabled. */
export const RETRY_WINDOW_MS = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);

/** When to try again after `attempts` failed attempts, or null when the delivery has run out. */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay);
}

/** How long a claimed delivery is hidden from other workers while its request runs. */
export const CLAIM_LEASE_MS = 60_000;
/** Per-attempt HTTP timeout. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** A rotated-out secret keeps signing (as a second signature) this long. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3_600_000;
