import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

/** Mirrors `apiKeyScopes` in @lk/core (a core test keeps them equal). */
export const apiKeyScopeValues = [
  "accounts:read",
  "calls:read",
  "documents:read",
  "payments:write",
  "services:write",
  "webhooks:write",
] as const;

export const ApiKeyScope = z.enum(apiKeyScopeValues).openapi("ApiKeyScope", {
  description:
    "`accounts:read` accounts and balances · `calls:read` call records · `documents:read` invoices and closing documents · `payments:write` payments · `services:write` ordering and disconnecting services · `webhooks:write` webhook endpoints",
});

export const CreateApiKeyRequest = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: "1С: Бухгалтерия" }),
    scopes: z.array(ApiKeyScope).min(1).max(apiKeyScopeValues.length),
    mode: z.enum(["live", "test"]).default("live").openapi({
      description: "`test` keys are a label for integrators' sandboxes: they reach the same company data",
    }),
  })
  .strict()
  .openapi("CreateApiKeyRequest");

export const ApiKey = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    prefix: z
      .string()
      .openapi({ description: "The key's first characters, for recognising it", example: "sk_live_AbC1…" }),
    mode: z.enum(["live", "test"]),
    scopes: z.array(z.string()),
    created_by: z.string().uuid().nullable(),
    created_at: Timestamp,
    last_used_at: Timestamp.nullable().openapi({ description: "Updated at most once a minute" }),
    revoked_at: Timestamp.nullable(),
  })
  .openapi("ApiKey");

export const CreatedApiKey = ApiKey.extend({
  key: z.string().openapi({
    description: "The secret key. Shown only in this response: store it now.",
    example: "sk_live_3q2-7wEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE0",
  }),
}).openapi("CreatedApiKey");

export const ApiKeyList = z
  .object({ data: z.array(ApiKey), next_cursor: z.string().nullable() })
  .openapi("ApiKeyList");

export const ApiKeyListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(500).optional(),
  active_only: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true")
    .openapi({ type: "boolean", description: "Leave out revoked keys" }),
});
