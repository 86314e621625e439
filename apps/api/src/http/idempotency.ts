import {
  abandonIdempotent,
  beginIdempotent,
  completeIdempotent,
  invalidField,
  type Principal,
  requestHash,
} from "@lk/core";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";

const KEY = /^[\x21-\x7e]{8,255}$/;

function owner(p: Principal): string | null {
  if (p.type === "user" || p.type === "api_key") return `company:${p.companyId}`;
  if (p.type === "partner") return `partner:${p.partnerId}`;
  if (p.type === "operator") return "operator";
  return null;
}

/** The client's Idempotency-Key of this request (the middleware has checked it). */
export const idempotencyKeyOf = (c: Context<AppEnv>) => c.req.header("idempotency-key") ?? "";

/**
 * Money routes: an `Idempotency-Key` header is required; a replay with the same body returns the
 * first 2xx response (`Idempotent-Replayed: true`) and runs nothing; the same key with another body
 * is 422; one still running is 409. Only 2xx answers are remembered, so a client can fix a 4xx and
 * retry with the same key. Services keep a unique constraint on the key as a second line.
 */
export function idempotent(): MiddlewareHandler<AppEnv> {
  const mw: MiddlewareHandler<AppEnv> = async (c, next) => {
    const who = owner(c.get("principal"));
    if (!who) return next(); // the route answers 401
    const key = c.req.header("idempotency-key");
    if (!key || !KEY.test(key))
      throw invalidField("header.idempotency-key", key ? "invalid_idempotency_key" : "required", {
        ru: "Заголовок Idempotency-Key обязателен: 8–255 печатных символов, например UUID",
        en: "The Idempotency-Key header is required: 8–255 printable characters, e.g. a UUID",
      });
    const deps = c.get("deps");
    const db = deps.conn.db;
    const scope = `${who}:${c.req.method} ${c.req.path}`;
    const raw = c.req.method === "GET" ? "" : await c.req.text();
    const start = await beginIdempotent(
      db,
      scope,
      key,
      requestHash(c.req.method, c.req.path, raw),
      deps.now(),
      deps.config.idempotencyLeaseMs,
    );
    if (start.state === "replay") {
      c.header("Idempotent-Replayed", "true");
      return c.json(start.body as object, start.status as 200);
    }
    // The answer to remember is the object the route rendered with c.json (what the client gets,
    // serialised the same way), so the response need not be cloned and parsed back.
    let rendered: { body: unknown } | undefined;
    const json = c.json;
    c.json = ((object: unknown, ...rest: unknown[]) => {
      rendered = { body: object };
      return (json as (...a: unknown[]) => Response)(object, ...rest);
    }) as typeof c.json;
    try {
      await next();
    } catch (e) {
      await abandonIdempotent(db, scope, key);
      throw e;
    }
    const res = c.res;
    if (res.status >= 200 && res.status < 300) {
      const body = rendered
        ? rendered.body
        : ((await res
            .clone()
            .json()
            .catch(() => null)) as unknown);
      await completeIdempotent(db, scope, key, res.status, body);
    } else {
      await abandonIdempotent(db, scope, key);
    }
  };
  return Object.assign(mw, { [IDEMPOTENT]: true });
}

/** Marks idempotent() middleware, so the router documents the header it requires. */
export const IDEMPOTENT = Symbol("idempotent");
export const isIdempotent = (mw: unknown): boolean =>
  typeof mw === "function" && (mw as unknown as Record<symbol, unknown>)[IDEMPOTENT] === true;
