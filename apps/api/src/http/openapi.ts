import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { companyWebhookEvents, Problem, partnerWebhookEvents } from "@lk/contracts";

const problemDescriptions: Record<number, string> = {
  400: "Invalid input: `errors[]` names each field",
  401: "No or invalid credentials (on a public route: credentials were sent and are invalid)",
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

/**
 * The `Idempotency-Key` header of a money-moving route. The router adds it (required) to every route
 * whose middleware includes `idempotent()`, so the document cannot say less than the server checks.
 */
export const idempotencyKeyHeader = (max = 255) =>
  z
    .string()
    .min(8)
    .max(max)
    .regex(/^[\x21-\x7e]+$/)
    .openapi({
      param: { name: "idempotency-key", in: "header", required: true },
      description: `Required: a unique key per operation attempt, 8–${max} printable ASCII characters (e.g. a UUID). A replay with the same body answers the first 2xx result (\`Idempotent-Replayed: true\`) and moves nothing; the same key with another body is 422; one still running is 409.`,
      example: "6f1c2a7e-3b9d-4c55-9e1a-0d2b8f4a7c31",
    });
export const IdempotencyKeyHeader = idempotencyKeyHeader();

/**
 * The document's 3.1 `webhooks`: one POST per event type a company endpoint receives (keyed by the
 * type) and per partner event (keyed `partner.<type>`), each with its payload schema and the
 * Standard Webhooks headers. Receivers answer 2xx; anything else is retried (docs/api-keys-and-webhooks.md).
 */
export function registerWebhooks(registry: OpenAPIHono["openAPIRegistry"]) {
  registry.registerComponent("securitySchemes", "webhookSignature", {
    type: "apiKey",
    in: "header",
    name: "webhook-signature",
    description:
      "Not a static key: an HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's `whsec_` secret (Standard Webhooks). Verify it with `verifyWebhook` from @lk/sdk/webhooks or any Standard Webhooks library.",
  });
  const headers = z.object({
    "webhook-id": z
      .string()
      .openapi({ description: "The event id (`msg_…`): dedupe by it", example: "msg_5f1c9a0e" }),
    "webhook-timestamp": z
      .string()
      .openapi({ description: "Unix seconds when signed", example: "1772357472" }),
    "webhook-signature": z.string().openapi({
      description: "`v1,<base64 HMAC-SHA256>`, space-separated while a secret rotates",
      example: "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
    }),
  });
  const hook = (key: string, schema: z.ZodTypeAny, operationId: string, tag: string, summary: string) =>
    registry.registerWebhook({
      method: "post",
      path: key,
      operationId,
      tags: [tag],
      summary,
      security: [{ webhookSignature: [] }],
      request: { headers, body: jsonBody(schema) },
      responses: {
        200: { description: "Any 2xx within 10 s acknowledges the delivery" },
        400: { description: "The receiver refused it (bad signature or body): retried on the schedule" },
      },
    });
  const camel = (t: string) => t.replace(/[._](\w)/g, (_, c: string) => c.toUpperCase());
  for (const [type, schema] of Object.entries(companyWebhookEvents))
    hook(type, schema, `${camel(type)}Webhook`, "Webhooks", `\`${type}\` to a company's endpoints`);
  for (const [type, schema] of Object.entries(partnerWebhookEvents))
    hook(
      `partner.${type}`,
      schema,
      `partner${camel(`.${type}`)}Webhook`,
      "Partner webhooks",
      `\`${type}\` to a partner's webhook_url`,
    );
}
