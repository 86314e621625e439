import { createRoute } from "@hono/zod-openapi";
import { AuditList, AuditQuery } from "@lk/contracts";
import { listAuditLog } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

export const auditRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/v1/audit-log",
    operationId: "listAuditLog",
    tags: ["Company"],
    summary: "The company's audit log, newest first (admins)",
    description:
      "Every change, sign-in and API-key request, with who, what, when, the client address and the request id.",
    security: bearerAuth,
    request: { query: AuditQuery },
    responses: { 200: json(AuditList, "Audit entries"), ...problems(400, 401, 403) },
  }),
  async (c) => c.json(await listAuditLog({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
);
