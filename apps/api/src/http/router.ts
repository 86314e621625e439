import { OpenAPIHono } from "@hono/zod-openapi";
import { invalid, unauthorized } from "@lk/core";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";
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
    // Credentials first (no token is 401 whatever the input), then text hygiene for every route.
    const first = route.security?.length ? [requireCredentials, textHygiene] : [textHygiene];
    return openapi({ ...route, middleware: [...first, ...own] } as typeof route, handler, hook);
  }) as typeof app.openapi;
  return app;
}

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");

/** A stable operationId for generated clients: `GET /v1/accounts/{id}` → `getAccountsById`. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split("/")
    .filter((seg) => seg && seg !== "v1")
    .map((seg) => (seg.startsWith("{") ? `By${pascal(seg.slice(1, -1))}` : pascal(seg)));
  return `${method.toLowerCase()}${words.join("")}`;
}

export type Router = ReturnType<typeof createRouter>;
