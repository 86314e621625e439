import type { ApiKeyRow } from "@lk/db";

/** An API key as the API shows it (never the key itself, never its hash). */
export function apiKeyView(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.displayPrefix,
    mode: row.live ? ("live" as const) : ("test" as const),
    scopes: row.scopes,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}
export type ApiKeyView = ReturnType<typeof apiKeyView>;
