import { authenticateApiKey, type Principal, unauthorized } from "@lk/core";
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

export async function resolvePartnerKey(_c: Context<AppEnv>, _key: string): Promise<Principal> {
  throw unauthorized(
    { ru: "Неизвестный ключ партнёра", en: "Unknown publishable key" },
    "invalid_publishable_key",
  );
}
