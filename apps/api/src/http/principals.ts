import {
  authenticateApiKey,
  authenticatePartnerKey,
  authenticatePartnerSecret,
  type Principal,
} from "@lk/core";
import type { Context } from "hono";
import { clientIp } from "./context";
import type { AppEnv } from "./env";

// Integrator API keys (issue #6) and partner publishable keys (issue #7) plug in here.

/**
 * An integrator's `sk_live_…`/`sk_test_…` key → its principal. Records the request itself (an
 * `api_key.request` audit row, `last_used_at` at most once a minute), so nothing else needs mounting.
 */
export async function resolveApiKey(c: Context<AppEnv>, token: string): Promise<Principal> {
  const deps = c.get("deps");
  return authenticateApiKey({ db: deps.conn.db, now: deps.now }, token, {
    method: c.req.method,
    path: c.req.path,
    ip: clientIp(c, deps.config.trustProxy),
    userAgent: c.req.header("user-agent") ?? null,
    requestId: c.get("requestId"),
  });
}

/**
 * A partner widget's publishable key (`X-LK-Key: pk_…`) → a partner principal, only from one of
 * that partner's allowed origins (the browser's `Origin`; none → 403, pk keys are for browsers).
 */
export async function resolvePartnerKey(c: Context<AppEnv>, key: string): Promise<Principal> {
  return authenticatePartnerKey(c.get("deps").conn.db, key, c.req.header("origin") ?? null);
}

/**
 * A partner back end's `Authorization: Bearer sk_partner_…` → a partner principal without an
 * origin (reads its payments' statuses only). Needs identify() to route `sk_partner_` here before
 * the `sk_` branch (see the issue #7 report).
 */
export async function resolvePartnerSecret(c: Context<AppEnv>, token: string): Promise<Principal> {
  return authenticatePartnerSecret(c.get("deps").conn.db, token);
}
