import { type Database, rows } from "@lk/db";
import { sql } from "drizzle-orm";
import type { CoreConfig } from "../config";
import type { Principal } from "../context/index";
import { verifyAccessToken } from "./access-token";
import { invalidToken, userBlocked } from "./errors";
import type { SessionCheckCache } from "./session-cache";
import type { KeyStore } from "./signing-keys";

export interface SessionRow {
  role: "admin" | "accountant" | "viewer";
  status: "active" | "blocked";
  must_change_password: boolean;
  session_live: boolean;
  restricted: boolean;
  group_ids: string[] | null;
}

/**
 * Access token → principal. Beyond the signature it checks, in one query, that the user is still
 * active, the session was not signed out, and which groups (with subgroups) the user may see —
 * so a block, a sign-out or a new restriction takes effect at once, not after the token expires.
 * With `sessions` (the API passes it for reads only), the answer may be reused for a moment
 * (ADR 0066).
 */
export async function authenticateAccessToken(
  deps: { db: Database; keys: KeyStore; config: CoreConfig; sessions?: SessionCheckCache<SessionRow> },
  token: string,
  now: Date,
): Promise<Principal & { type: "user" }> {
  const claims = await verifyAccessToken(deps.keys, deps.config, token, now);
  const key = `${claims.sessionId}:${claims.userId}:${claims.companyId}`;
  const row = deps.sessions?.get(key) ?? (await checkSession(deps, claims, key));
  if (!row?.session_live) throw invalidToken();
  if (row.status === "blocked") throw userBlocked();
  return {
    type: "user",
    userId: claims.userId,
    companyId: claims.companyId,
    role: row.role,
    groupIds: row.restricted ? (row.group_ids ?? []) : null,
    passwordChangeOnly: claims.passwordChangeOnly && row.must_change_password,
    sessionId: claims.sessionId,
  };
}

async function checkSession(
  deps: { db: Database; sessions?: SessionCheckCache<SessionRow> },
  claims: { userId: string; companyId: string; sessionId: string },
  key: string,
): Promise<SessionRow | undefined> {
  const ticket = deps.sessions?.ticket();
  const [row] = await rows<SessionRow>(
    deps.db,
    sql`WITH RECURSIVE visible AS (
          SELECT g.id FROM account_groups g JOIN user_groups ug ON ug.group_id = g.id WHERE ug.user_id = ${claims.userId}
          UNION
          SELECT c.id FROM account_groups c JOIN visible v ON c.parent_id = v.id
        )
        SELECT u.role, u.status, u.must_change_password,
          EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = ${claims.sessionId} AND r.revoked_at IS NULL) AS session_live,
          EXISTS (SELECT 1 FROM user_groups ug WHERE ug.user_id = u.id) AS restricted,
          (SELECT array_agg(id::text) FROM visible) AS group_ids
        FROM users u WHERE u.id = ${claims.userId} AND u.company_id = ${claims.companyId}`,
  );
  if (row && ticket) deps.sessions?.set(key, row, ticket);
  return row;
}
