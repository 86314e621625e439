import { createHash } from "node:crypto";
import { idempotencyKeys, type Queryable } from "@lk/db";
import { and, eq, lt } from "drizzle-orm";
import { AppError } from "../errors/index";

/** How long a key is remembered; a replay after that is a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

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
): Promise<IdempotencyStart> {
  // One round trip: a new key is inserted; an expired one is taken over as if new (the same as
  // deleting it first); a live one is left alone and read below.
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ scope, key, requestHash: hash, createdAt: now })
    .onConflictDoUpdate({
      target: [idempotencyKeys.scope, idempotencyKeys.key],
      set: {
        requestHash: hash,
        status: "in_progress",
        responseStatus: null,
        responseBody: null,
        createdAt: now,
      },
      setWhere: lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)),
    })
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return { state: "new" };

  const [existing] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!existing) return beginIdempotent(db, scope, key, hash, now);
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
  await db
    .update(idempotencyKeys)
    .set({ status: "done", responseStatus: status, responseBody: body as object })
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
}

/** Forgets a key whose request failed on our side, so the client's retry runs again. */
export async function abandonIdempotent(db: Queryable, scope: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
}
