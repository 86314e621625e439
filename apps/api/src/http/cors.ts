import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";

const ALLOW_HEADERS = "X-LK-Key, Idempotency-Key, Accept-Language, Content-Type";
const EXPOSE_HEADERS = "Retry-After, X-Request-Id";
const starts = new WeakMap<Request, number>();

/** When this request reached the public routes (performance.now()), for equal answer times. */
export const requestStartOf = (c: Context<AppEnv>) => starts.get(c.req.raw) ?? performance.now();

/**
 * CORS for `/v1/public/*`, the widgets' endpoints. A preflight carries no key and grants nothing by
 * itself, so it is answered for any origin; the actual request is then checked per key by
 * identify() (its origin must be in THAT partner's list). A success is readable only on an origin
 * the key allows; an error (403 `origin_not_allowed` above all) on any origin, so a widget on a page
 * nobody registered can show "this site is not connected" rather than a bare network error. Safe:
 * the publishable key is public, the routes take no cookies (no Allow-Credentials), and an error
 * tells the page nothing curl would not (ADR 0087).
 */
export function publicCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    starts.set(c.req.raw, performance.now());
    const origin = c.req.header("origin");
    if (c.req.method === "OPTIONS") {
      const headers: Record<string, string> = { Vary: "Origin" };
      if (origin) {
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
    const ok = (p.type === "partner" && p.origin === origin) || c.res.status >= 400;
    if (!ok) return;
    c.res.headers.set("Access-Control-Allow-Origin", origin);
    c.res.headers.set("Access-Control-Expose-Headers", EXPOSE_HEADERS);
  };
}
