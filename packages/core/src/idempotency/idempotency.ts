import { createHash } from "node:crypto";
import { idempotencyKeys, type Queryable, rows } from "@lk/db";
import { and, eq, sql } from "drizzle-orm";
import { AppError } from "../errors/index";

/** How long a key is remembered; a replay after that is a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * How long a claim is held by the request that made it. A request still running past it can be
 * taken over by a retry with the same key and body; the work behind the key must therefore be safe
 * to run twice (payments and refunds are: each keeps a unique constraint on the key, and a retry
 * continues the same draft). Longer than any request we serve (the acquirer's timeout is 10 s).
 */
export const IDEMPOTENCY_LEASE_MS = 60 * 1000;

export type IdempotencyStart = { state: "new" } | { state: "replay"; status: number; body: unknown };

export const requestHash = (method: string, path: string, body: string) =>
  createHash("sha256").update(`${method} ${path}\n${body}`).digest("hex");

/**
 * Claims `key` for this request. A finished key replays its stored response; a key still in
 * progress is a 409 the client may retry; the same key with another body is a 422.
 */
export async function beginIdempotent(
  db: Queryable,
  scope: string,
  key: string,
  hash: string,
  now: Date,
  /** The claim's lease (LK_IDEMPOTENCY_LEASE_SECONDS; crash tests shorten it). */
  leaseMs: number = IDEMPOTENCY_LEASE_MS,
): Promise<IdempotencyStart> {
  // One round trip: a new key is inserted; an expired one is taken over as if new (the same as
  // deleting it first); a live one is left alone and read below. Written out rather than built with
  // drizzle's insert builder: it runs on every money-moving request, and building it cost ~15×
  // this template (docs/payments.md, Performance).
  const inserted = await rows<{ key: string }>(
    db,
    sql`INSERT INTO idempotency_keys (scope, key, request_hash, status, created_at, lease_until)
      VALUES (${scope}, ${key}, ${hash}, 'in_progress', ${now.toISOString()}::timestamptz,
        ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz)
      ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = 'in_progress',
        response_status = NULL, response_body = NULL, created_at = EXCLUDED.created_at,
        lease_until = EXCLUDED.lease_until
      WHERE idempotency_keys.created_at < ${new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString()}::timestamptz
        -- A claim whose owner died (lease run out) is taken over by the same request (issue 18).
        OR (idempotency_keys.status = 'in_progress' AND idempotency_keys.request_hash = EXCLUDED.request_hash
            AND COALESCE(idempotency_keys.lease_until,
                  idempotency_keys.created_at + ${`${leaseMs} milliseconds`}::interval)
                < ${now.toISOString()}::timestamptz)
      RETURNING key`,
  );
  if (inserted.length > 0) return { state: "new" };

  const [existing] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!existing) return beginIdempotent(db, scope, key, hash, now, leaseMs);
  if (existing.requestHash !== hash) {
    throw new AppError(422, "idempotency_key_reused", {
      ru: "Этот Idempotency-Key уже использован для другого запроса",
      en: "This Idempotency-Key was already used for a different request",
    });
  }
  if (existing.status === "in_progress") {
    throw new AppError(
      409,
      "idempotency_in_progress",
      {
        ru: "Запрос с этим Idempotency-Key ещё выполняется, повторите позже",
        en: "A request with this Idempotency-Key is still in progress; retry later",
      },
      { headers: { "Retry-After": "1" } },
    );
  }
  return { state: "replay", status: existing.responseStatus ?? 200, body: existing.responseBody };
}

export async function completeIdempotent(
  db: Queryable,
  scope: string,
  key: string,
  status: number,
  body: unknown,
): Promise<void> {
  // The response body as JSON text, kept as written by the json column (keys in the rendered order:
  // a replay is the same bytes).
  await rows(
    db,
    sql`UPDATE idempotency_keys SET status = 'done', response_status = ${status},
      response_body = ${body === null || body === undefined ? null : JSON.stringify(body)}::text::json
      WHERE scope = ${scope} AND key = ${key}`,
  );
}

/** Forgets a key whose request failed on our side, so the client's retry runs again. */
export async function abandonIdempotent(db: Queryable, scope: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
}
