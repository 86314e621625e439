import { createRoute, z } from "@hono/zod-openapi";
import { Application, ApplicationListQuery, ApprovalResult, listOf, RejectRequest } from "@lk/contracts";
import {
  approveApplication,
  getApplication,
  getApplicationFile,
  listApplications,
  rejectApplication,
} from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, jsonBody, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Operator: applications"];
const Id = z.object({ id: z.string().uuid() });

export const operatorApplicationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/applications",
      operationId: "listApplications",
      tags,
      summary: "List applications, newest first",
      security: operatorAuth,
      request: { query: ApplicationListQuery },
      responses: { 200: json(listOf(Application, "ApplicationList"), "Applications"), ...problems(400, 401) },
    }),
    async (c) => c.json(await listApplications({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/applications/{id}",
      operationId: "getApplication",
      tags,
      summary: "One application with its documents",
      security: operatorAuth,
      request: { params: Id },
      responses: { 200: json(Application, "Application"), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await getApplication({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/applications/{id}/files/{file_id}",
      operationId: "getApplicationFile",
      tags,
      summary: "Download an attached document",
      security: operatorAuth,
      request: { params: z.object({ id: z.string().uuid(), file_id: z.string().uuid() }) },
      responses: { 200: { description: "The file as uploaded" }, ...problems(400, 401, 404) },
    }),
    async (c) => {
      const { id, file_id } = c.req.valid("param");
      const file = await getApplicationFile({ ctx: ctxOf(c), input: { id, fileId: file_id } });
      return c.body(new Uint8Array(file.content), 200, {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        "X-Content-Type-Options": "nosniff",
      });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/operator/applications/{id}/approve",
      operationId: "approveApplication",
      tags,
      summary: "Approve: create the company and its admin with a temporary password (shown once)",
      security: operatorAuth,
      request: { params: Id },
      responses: { 200: json(ApprovalResult, "Company created"), ...problems(400, 401, 404, 409) },
    }),
    async (c) => c.json(await approveApplication({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/operator/applications/{id}/reject",
      operationId: "rejectApplication",
      tags,
      summary: "Reject with a reason the applicant receives by e-mail",
      security: operatorAuth,
      request: { params: Id, body: jsonBody(RejectRequest) },
      responses: { 200: json(Application, "Rejected"), ...problems(400, 401, 404, 409) },
    }),
    async (c) =>
      c.json(
        await rejectApplication({
          ctx: ctxOf(c),
          input: { ...c.req.valid("param"), ...c.req.valid("json") },
        }),
        200,
      ),
  );
