import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "./logger";
import { signatureHeaders } from "./signature";

export interface RetryPolicy {
  /** Delay before the 2nd attempt; the n-th retry waits baseDelayMs × 2^(n-1), plus jitter. */
  baseDelayMs: number;
  maxAttempts: number;
  /** Up to this fraction of the delay is added at random, so retries of many events spread out. */
  jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 1_000, maxAttempts: 8, jitter: 0.2 };

export interface NotificationEvent {
  event_id: string;
  type: "payment.succeeded" | "payment.failed" | "payment.requires_action" | "refund.succeeded";
  occurred_at: string;
  payment: { id: string; order_id: string } & Record<string, unknown>;
  refund?: Record<string, unknown>;
}

export interface DeliveryAttempt {
  eventId: string;
  type: NotificationEvent["type"];
  paymentId: string;
  attempt: number;
  /** HTTP status, or undefined when the request itself failed. */
  status: number | undefined;
  error: string | undefined;
  delivered: boolean;
}

interface NotifierOptions {
  fetch: typeof fetch;
  now: () => Date;
  logger: Logger;
  retry: RetryPolicy;
  attemptTimeoutMs: number;
  random?: () => number;
}

/**
 * Delivers signed notifications with exponential backoff until a 2xx or maxAttempts. Each attempt
 * is signed afresh with the current time, so a late retry still passes the receiver's tolerance.
 */
export function createNotifier(options: NotifierOptions) {
  const { logger, retry } = options;
  const random = options.random ?? Math.random;
  const inFlight = new Set<Promise<void>>();
  const attempts: DeliveryAttempt[] = [];
  const stop = new AbortController();

  function delayBefore(retryNumber: number): number {
    const base = retry.baseDelayMs * 2 ** (retryNumber - 1);
    return Math.round(base + base * retry.jitter * random());
  }

  async function attemptOnce(
    url: string,
    secret: string,
    body: string,
  ): Promise<{ status?: number; error?: string }> {
    try {
      const res = await options.fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...signatureHeaders(secret, body, options.now()) },
        body,
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(options.attemptTimeoutMs)]),
      });
      // The (small) answer is read, not cancelled: the connection stays reusable, and a buffered
      // answer (nodeFetch) need not build a stream just to cancel it. Only the status counts.
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  async function deliver(url: string, secret: string, event: NotificationEvent): Promise<void> {
    const body = JSON.stringify(event);
    for (let attempt = 1; attempt <= retry.maxAttempts; attempt++) {
      if (stop.signal.aborted) return;
      const { status, error } = await attemptOnce(url, secret, body);
      const delivered = status !== undefined && status >= 200 && status < 300;
      const record: DeliveryAttempt = {
        eventId: event.event_id,
        type: event.type,
        paymentId: event.payment.id,
        attempt,
        status,
        error,
        delivered,
      };
      attempts.push(record);
      logger[delivered ? "info" : "warn"]("notification attempt", { ...record, url });
      if (delivered) return;
      if (attempt === retry.maxAttempts) break;
      try {
        await sleep(delayBefore(attempt), undefined, { signal: stop.signal });
      } catch {
        return; // closed while waiting
      }
    }
    logger.warn("notification given up", { eventId: event.event_id, attempts: retry.maxAttempts, url });
  }

  return {
    send(url: string, secret: string, event: NotificationEvent): void {
      const p = deliver(url, secret, event).finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    /** Resolves when every delivery (including its retries) has finished. */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    attempts: attempts as readonly DeliveryAttempt[],
    close(): void {
      stop.abort();
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
