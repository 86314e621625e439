import { describe, expect, it } from "vitest";
import { isRetryable, retryDelay } from "../src/core/retry";
import { ConnectionError, LkError, parseRetryAfter, TimeoutError } from "../src/errors";

const policy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8_000 };

describe("retry policy", () => {
  it("uses full jitter under a doubling, capped ceiling", () => {
    expect([0, 1, 2, 3, 10].map((n) => retryDelay(n, policy, undefined, () => 0.999999))).toEqual([
      499, 999, 1999, 3999, 7999,
    ]);
    expect(retryDelay(4, policy, undefined, () => 0)).toBe(0);
  });

  it("lets Retry-After win over backoff", () => {
    expect(retryDelay(0, policy, 2, () => 0.5)).toBe(2000);
    expect(retryDelay(5, policy, 0, () => 0.5)).toBe(0);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-01-15T12:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3);
    expect(parseRetryAfter("Thu, 15 Jan 2026 12:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("Thu, 15 Jan 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("retries what is transient only", () => {
    const at = (status: number) => isRetryable(new LkError("x", { status }));
    expect([408, 409, 429, 500, 502, 503, 504].every(at)).toBe(true);
    expect([400, 401, 403, 404, 422, 501, 505].some(at)).toBe(false);
    expect(isRetryable(new ConnectionError("x"))).toBe(true);
    expect(isRetryable(new TimeoutError("x"))).toBe(true);
  });

  it("retries a 409 only while the same idempotency key is in progress", () => {
    const conflict = (code?: string) =>
      isRetryable(new LkError("x", { status: 409, ...(code ? { problem: { status: 409, code } } : {}) }));
    expect(conflict("idempotency_in_progress")).toBe(true);
    expect(conflict()).toBe(true);
    expect(conflict("insufficient_funds")).toBe(false);
    expect(conflict("payment_not_refundable")).toBe(false);
  });
});
