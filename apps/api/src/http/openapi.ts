import type { z } from "@hono/zod-openapi";
import { Problem } from "@lk/contracts";

const problemDescriptions: Record<number, string> = {
  400: "Invalid input: `errors[]` names each field",
  401: "No or invalid credentials",
  403: "Authenticated but not allowed (role, scope, or a temporary-password session)",
  404: "Not found (also: another company's resource)",
  409: "Conflict with the current state",
  413: "Request too large",
  422: "Idempotency-Key reused with another body",
  429: "Rate limited; see Retry-After",
};

/** The problem+json responses a route can give, for its OpenAPI description. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: problemDescriptions[s] ?? "Error",
        content: { "application/problem+json": { schema: Problem } },
      },
    ]),
  );
}

export const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** Security requirement names, registered in app.ts. */
export const bearerAuth = [{ bearerAuth: [] }];
export const operatorAuth = [{ operatorKey: [] }];
