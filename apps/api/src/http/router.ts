import { OpenAPIHono } from "@hono/zod-openapi";
import { invalid } from "@lk/core";
import type { AppEnv } from "./env";
import { issueToFieldError } from "./validation";

/**
 * Every router is built here so a request that fails its schema becomes the same 400
 * problem+json naming each field, in the reader's language (the error handler renders it).
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const target = (result as { target?: string }).target;
        const prefix =
          target === "query" ? "query" : target === "param" ? "path" : target === "header" ? "header" : "";
        throw invalid(result.error.issues.map((i) => issueToFieldError(i, prefix)));
      }
    },
  });
}

export type Router = ReturnType<typeof createRouter>;
