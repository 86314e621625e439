import { createRoute } from "@hono/zod-openapi";
import {
  ApiKey,
  ApiKeyList,
  ApiKeyListQuery,
  CreateApiKeyRequest,
  CreatedApiKey,
  IdParam,
} from "@lk/contracts";
import { createApiKey, listApiKeys, revokeApiKey } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["API keys"];
const adminOnly = "Company admins only (permission `api_keys:manage`; no API key can manage keys).";

export const apiKeyRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/api-keys",
      operationId: "createApiKey",
      tags,
      summary: "Create an API key (the key is shown once)",
      description: `${adminOnly} Store \`key\` from the response: only its SHA-256 is kept.`,
      security: bearerAuth,
      request: { body: jsonBody(CreateApiKeyRequest) },
      responses: { 201: json(CreatedApiKey, "Created"), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const key = await createApiKey({ ctx: ctxOf(c), input: c.req.valid("json") });
      return c.json(key, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/api-keys",
      operationId: "listApiKeys",
      tags,
      summary: "List the company's API keys, newest first",
      description: adminOnly,
      security: bearerAuth,
      request: { query: ApiKeyListQuery },
      responses: { 200: json(ApiKeyList, "Keys"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listApiKeys({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/v1/api-keys/{id}",
      operationId: "revokeApiKey",
      tags,
      summary: "Revoke an API key",
      description: `${adminOnly} Takes effect on the next request (401 \`api_key_revoked\`). Revoking again is harmless.`,
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(ApiKey, "Revoked"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await revokeApiKey({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
