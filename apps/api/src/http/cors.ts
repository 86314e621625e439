import { isOriginAllowedForAnyPartner } from "@lk/core";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";

const ALLOW_HEADERS = "X-LK-Key, Idempotency-Key, Accept-Language, Content-Type";
const EXPOSE_HEADERS = "Retry-After, X-Request-Id";
const starts = new WeakMap<Request, number>();

/** When this request reached the public routes (performance.now()), for equal answer times. */
export const requestStartOf = (c: Context<AppEnv>) => starts.get(c.req.raw) ?? performance.now();

/**
 * CORS for `/v1/public/*`, the widgets' endpoints. A preflight carries no key, so it is answered
 * for any origin some active partner allows (it grants nothing by itself); the actual request is
 * then checked per key by identify() (its origin must be in THAT partner's list). The response
 * reflects the origin when the key allows it — or, for an error, when any partner allows it, so
 * a widget on a misconfigured page can read "origin_not_allowed" rather than a bare network error.
 */
export function publicCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    starts.set(c.req.raw, performance.now());
    const origin = c.req.header("origin");
    const db = c.get("deps").conn.db;
    if (c.req.method === "OPTIONS") {
      const allowed = origin ? await isOriginAllowedForAnyPartner(db, origin) : false;
      const headers: Record<string, string> = { Vary: "Origin" };
      if (allowed && origin) {
        headers["Access-Control-Allow-Origin"] = origin;
        headers["Access-Control-Allow-Methods"] = "GET, POST";
        headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS;
        headers["Access-Control-Max-Age"] = "600";
      }
      return c.body(null, 204, headers);
    }
    await next();
    c.res.headers.append("Vary", "Origin");
    if (!origin) return;
    const p = c.get("principal");
    const ok =
      (p.type === "partner" && p.origin === origin) ||
      (c.res.status >= 400 && (await isOriginAllowedForAnyPartner(db, origin)));
    if (!ok) return;
    c.res.headers.set("Access-Control-Allow-Origin", origin);
    c.res.headers.set("Access-Control-Expose-Headers", EXPOSE_HEADERS);
  };
}
