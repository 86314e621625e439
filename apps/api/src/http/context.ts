import type { Ctx } from "@lk/core";
import type { Context } from "hono";
import type { AppEnv } from "./env";

/** The service context for this request (built once by the context middleware). */
export const ctxOf = (c: Context<AppEnv>): Ctx => c.get("ctx");

/**
 * The client address: the socket's, or — only when LK_TRUST_PROXY says a proxy of ours sets it —
 * the first X-Forwarded-For hop (otherwise anyone could forge it to dodge per-address limits).
 */
export function clientIp(c: Context<AppEnv>, trustProxy: boolean): string | null {
  const fwd = trustProxy ? c.req.header("x-forwarded-for") : undefined;
  if (fwd) return fwd.split(",")[0]!.trim();
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? c.req.header("x-real-ip") ?? null;
}
