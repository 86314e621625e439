import { OpenAPIHono, z } from "@hono/zod-openapi";
import { invalid, unauthorized } from "@lk/core";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";
import { isIdempotent } from "./idempotency";
import { IdempotencyKeyHeader } from "./openapi";
import { textHygiene } from "./text-hygiene";
import { issueToFieldError } from "./validation";

/** A route that declares `security` needs credentials before its input is even looked at. */
const requireCredentials: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("principal").type === "anonymous") throw unauthorized();
  await next();
};

/**
 * Every router is built here so that (1) a route declaring `security` answers 401 to an anonymous
 * caller before validating anything — "no token" is 401 whatever the body — and (2) a request that
 * fails its schema becomes the same 400 problem+json naming each field, in the reader's language,
 * and (3) no string PostgreSQL cannot store reaches a route (text-hygiene.ts).
 */
export function createRouter() {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const target = (result as { target?: string }).target;
        const prefix =
          target === "query" ? "query" : target === "param" ? "path" : target === "header" ? "header" : "";
        throw invalid(result.error.issues.map((i) => issueToFieldError(i, prefix)));
      }
    },
  });
  const openapi = app.openapi.bind(app);
  app.openapi = ((route, handler, hook) => {
    const own = route.middleware
      ? Array.isArray(route.middleware)
        ? route.middleware
        : [route.middleware]
      : [];
    const r = own.some(isIdempotent) ? withIdempotencyKey(route) : route;
    // Credentials first (no token is 401 whatever the input), then text hygiene for every route.
    const first = route.security?.length ? [requireCredentials, textHygiene] : [textHygiene];
    return openapi({ ...r, middleware: [...first, ...own] } as typeof route, handler, hook);
  }) as typeof app.openapi;
  return app;
}

/** The route with `Idempotency-Key` among its documented (and validated) request headers. */
function withIdempotencyKey<R extends { request?: { headers?: unknown } }>(route: R): R {
  const headers = route.request?.headers;
  const merged =
    headers instanceof z.ZodObject
      ? headers.extend({ "idempotency-key": IdempotencyKeyHeader })
      : z.object({ "idempotency-key": IdempotencyKeyHeader });
  return { ...route, request: { ...route.request, headers: merged } };
}

export type Router = ReturnType<typeof createRouter>;
