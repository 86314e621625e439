import { type Database, rows, webhookDeliveries, webhookEndpoints } from "@lk/db";
import { tracedFetch } from "@lk/http-client";
import { eq, inArray, sql } from "drizzle-orm";
import { type AttemptResult, attemptDelivery } from "./attempt";
import { disableFailingEndpoint } from "./disable";
import { CLAIM_LEASE_MS, DELIVERY_TIMEOUT_MS, nextAttemptAt, RETRY_WINDOW_MS } from "./schedule";
import { webhookHeaders } from "./secret";

export interface DeliverWebhooksOptions {
  db: Database;
  now: () => Date;
  /** Injected for tests and proxies; the global fetch (traced) by default. */
  fetch?: typeof fetch;
  /** Deliveries claimed per run. Default 100. */
  limit?: number;
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  timeoutMs?: number;
}

export interface DeliverWebhooksResult {
  attempted: number;
  succeeded: number;
  retrying: number;
  failed: number;
  disabledEndpoints: number;
}

/**
 * The webhook worker (schedule it every few seconds). Claims due deliveries of active endpoints
 * with `FOR UPDATE SKIP LOCKED` and a lease (so several workers never send the same one at once,
 * and no transaction is held open during HTTP), POSTs each signed per Standard Webhooks, and
 * records the outcome: success, a retry per the schedule, or — out of retries — `failed`, which
 * disables an endpoint that has delivered nothing for the whole retry window (≈ 3 days).
 */
export async function deliverWebhooks(opts: DeliverWebhooksOptions): Promise<DeliverWebhooksResult> {
  const result: DeliverWebhooksResult = {
    attempted: 0,
    succeeded: 0,
    retrying: 0,
    failed: 0,
    disabledEndpoints: 0,
  };
  const fetchFn = opts.fetch ?? tracedFetch;
  const now = opts.now();
  const ids = await claim(opts.db, now, opts.limit ?? 100);
  if (ids.length === 0) return result;
  const claimed = await opts.db
    .select({ d: webhookDeliveries, e: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(inArray(webhookDeliveries.id, ids));
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  for (let i = 0; i < claimed.length; i += concurrency) {
    await Promise.all(
      claimed.slice(i, i + concurrency).map(async ({ d, e }) => {
        const body = JSON.stringify(d.payload);
        const secrets = [e.secret];
        if (e.previousSecret && e.previousSecretExpiresAt && e.previousSecretExpiresAt > now)
          secrets.push(e.previousSecret);
        const headers = webhookHeaders(secrets, d.eventId, now, body);
        const outcome = await attemptDelivery(
          fetchFn,
          e.url,
          headers,
          body,
          opts.timeoutMs ?? DELIVERY_TIMEOUT_MS,
        );
        const recorded = await record(opts.db, d.id, outcome, now);
        result.attempted++;
        result[recorded.state]++;
        if (recorded.disabled) result.disabledEndpoints++;
      }),
    );
  }
  return result;
}

/** Takes up to `limit` due deliveries and hides them from other workers for the lease. */
async function claim(db: Database, now: Date, limit: number): Promise<string[]> {
  const nowIso = now.toISOString();
  const lease = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
  const claimed = await rows<{ id: string }>(
    db,
    sql`UPDATE webhook_deliveries SET next_attempt_at = ${lease}::timestamptz, updated_at = ${nowIso}::timestamptz
        WHERE id IN (
          SELECT d.id FROM webhook_deliveries d
          JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= ${nowIso}::timestamptz
            AND e.status = 'active' AND e.deleted_at IS NULL
          ORDER BY d.next_attempt_at
          LIMIT ${limit}
          FOR UPDATE OF d SKIP LOCKED
        )
        RETURNING id`,
  );
  return claimed.map((r) => r.id);
}

type State = "succeeded" | "retrying" | "failed";

/** Writes one attempt's outcome and the endpoint's health in one transaction. */
async function record(
  db: Database,
  deliveryId: string,
  outcome: AttemptResult,
  now: Date,
): Promise<{ state: State; disabled: boolean }> {
  return db.transaction(async (tx) => {
    const [d] = await tx
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryId))
      .for("update");
    const [e] = await tx
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, d!.endpointId))
      .for("update");
    const attempts = d!.attempts + 1;
    const last = {
      attempts,
      lastAttemptAt: now,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error,
      responseExcerpt: outcome.excerpt,
      updatedAt: now,
    };
    if (outcome.ok) {
      await tx
        .update(webhookDeliveries)
        .set({ ...last, status: "succeeded", nextAttemptAt: null })
        .where(eq(webhookDeliveries.id, deliveryId));
      await tx
        .update(webhookEndpoints)
        .set({ consecutiveFailures: 0, failingSince: null, lastSuccessAt: now })
        .where(eq(webhookEndpoints.id, e!.id));
      return { state: "succeeded", disabled: false };
    }
    const next = nextAttemptAt(attempts, now);
    await tx
      .update(webhookDeliveries)
      .set({ ...last, status: next ? "pending" : "failed", nextAttemptAt: next })
      .where(eq(webhookDeliveries.id, deliveryId));
    const failingSince = e!.failingSince ?? now;
    await tx
      .update(webhookEndpoints)
      .set({ failingSince, consecutiveFailures: e!.consecutiveFailures + (next ? 0 : 1) })
      .where(eq(webhookEndpoints.id, e!.id));
    if (next) return { state: "retrying", disabled: false };
    const hopeless = e!.status === "active" && now.getTime() - failingSince.getTime() >= RETRY_WINDOW_MS;
    if (hopeless) await disableFailingEndpoint(tx, e!, now);
    return { state: "failed", disabled: hopeless };
  });
}
