import { ConnectionError, type LkError, TimeoutError } from "../errors";

export interface RetryPolicy {
  maxRetries: number;
  /** First backoff ceiling; doubles per attempt (full jitter picks a delay in [0, ceiling)). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8_000 };

/**
 * 408, 429 and 5xx are transient; 501 and 505 will never change. A 409 is transient only while the
 * first request with the same Idempotency-Key is still running (`idempotency_in_progress`, or a 409
 * that names no code, e.g. from a proxy); a business conflict (`insufficient_funds`, a payment that
 * is already refunded, …) answers the same way every time, so it is not retried. Connection
 * failures and per-attempt timeouts are retried too.
 */
export function isRetryable(err: LkError): boolean {
  if (err instanceof ConnectionError || err instanceof TimeoutError) return true;
  const s = err.status ?? 0;
  if (s === 409) return !err.code || err.code === "idempotency_in_progress";
  return s === 408 || s === 429 || (s >= 500 && s !== 501 && s !== 505);
}

/**
 * Milliseconds to wait before retry number `attempt` (0-based). A server's Retry-After (on 429 or
 * 503) wins; otherwise exponential backoff with full jitter, so many clients don't retry in step.
 */
export function retryDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterSec?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterSec !== undefined) return retryAfterSec * 1000;
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt));
}
