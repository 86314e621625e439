import { apiKeys, auditLog, type Database } from "@lk/db";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { Principal } from "../context/index";
import { apiKeyRevoked, invalidApiKey } from "./errors";
import { hashApiKey, looksLikeApiKey } from "./key";

/** `last_used_at` is written at most this often per key, not on every request. */
export const LAST_USED_GRANULARITY_MS = 60_000;

export interface ApiKeyRequest {
  method: string;
  path: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

/**
 * Turns a bearer `sk_…` into the key's principal and records the request: an `api_key.request`
 * audit row for every request (ADR 0052) and `last_used_at` at most once a minute. A revoked key
 * is 401 `api_key_revoked` (and audited as `api_key.rejected`); anything else unknown is 401
 * `invalid_api_key`.
 */
export async function authenticateApiKey(
  deps: { db: Database; now: () => Date },
  token: string,
  request: ApiKeyRequest,
): Promise<Extract<Principal, { type: "api_key" }>> {
  if (!looksLikeApiKey(token)) throw invalidApiKey();
  const [key] = await deps.db
    .select({
      id: apiKeys.id,
      companyId: apiKeys.companyId,
      scopes: apiKeys.scopes,
      live: apiKeys.live,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hashApiKey(token)));
  if (!key) throw invalidApiKey();
  const now = deps.now();
  const row = (action: string) => ({
    companyId: key.companyId,
    actorType: "api_key",
    actorId: key.id,
    action,
    entityType: "api_key",
    entityId: key.id,
    data: { method: request.method, path: request.path, mode: key.live ? "live" : "test" },
    ip: request.ip,
    userAgent: request.userAgent,
    requestId: request.requestId,
    createdAt: now,
  });
  if (key.revokedAt) {
    await deps.db.insert(auditLog).values(row("api_key.rejected"));
    throw apiKeyRevoked();
  }
  await deps.db.transaction(async (tx) => {
    await tx.insert(auditLog).values(row("api_key.request"));
    await tx
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, key.id),
          or(
            isNull(apiKeys.lastUsedAt),
            lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_GRANULARITY_MS)),
          ),
        ),
      );
  });
  return { type: "api_key", keyId: key.id, companyId: key.companyId, scopes: key.scopes, live: key.live };
}
