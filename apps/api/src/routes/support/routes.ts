import { createRoute, z } from "@hono/zod-openapi";
import {
  CreateSupportRequest,
  CreateSupportRequestForm,
  IdParam,
  listOf,
  SupportListQuery,
  SupportReply,
  SupportReplyForm,
  SupportRequest,
  SupportRequestDetail,
} from "@lk/contracts";
import {
  closeSupportRequest,
  createSupportRequest,
  getSupportAttachment,
  getSupportRequest,
  listSupportRequests,
  replySupportRequest,
} from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { formFiles, isMultipart, requireBody } from "./files";

const tags = ["Support"];

const AttachmentParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
  attachment_id: z
    .string()
    .uuid()
    .openapi({ param: { name: "attachment_id", in: "path" } }),
});

export const supportRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/support/requests",
      operationId: "createSupportRequest",
      tags,
      summary: "Open a support request (JSON, or multipart with up to 5 files)",
      description:
        "Optionally about an account (`account_id`) or a service (`service_id`). Multipart parts: `subject`, `text`, `account_id`, `service_id`, and `files` (repeat the part for several). Files: up to 5, each ≤ 5 MB, PDF/PNG/JPEG/TXT checked by content.",
      security: bearerAuth,
      request: {
        // Not "required": each media type is then validated only when it is the one sent.
        body: {
          required: false,
          content: {
            "application/json": { schema: CreateSupportRequest },
            "multipart/form-data": { schema: CreateSupportRequestForm },
          },
        },
      },
      responses: { 201: json(SupportRequestDetail, "Opened"), ...problems(400, 401, 403, 404, 413) },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      requireBody(c.req.header("content-type"));
      if (isMultipart(c.req.header("content-type"))) {
        const form = c.req.valid("form");
        const files = await formFiles((form as { files?: unknown }).files);
        const { subject, text, account_id, service_id } = form;
        return c.json(
          await createSupportRequest({ ctx, input: { subject, text, account_id, service_id, files } }),
          201,
        );
      }
      return c.json(await createSupportRequest({ ctx, input: c.req.valid("json") }), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/support/requests",
      operationId: "listSupportRequests",
      tags,
      summary: "The company's support requests, most recently updated first",
      security: bearerAuth,
      request: { query: SupportListQuery },
      responses: {
        200: json(listOf(SupportRequest, "SupportRequestList"), "Requests"),
        ...problems(400, 401, 403),
      },
    }),
    async (c) => c.json(await listSupportRequests({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/support/requests/{id}",
      operationId: "getSupportRequest",
      tags,
      summary: "A request with its message thread",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(SupportRequestDetail, "The request"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getSupportRequest({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/support/requests/{id}/messages",
      operationId: "replySupportRequest",
      tags,
      summary: "Reply in the thread (JSON, or multipart with files); the request becomes open",
      security: bearerAuth,
      request: {
        params: IdParam,
        // Not "required": each media type is then validated only when it is the one sent.
        body: {
          required: false,
          content: {
            "application/json": { schema: SupportReply },
            "multipart/form-data": { schema: SupportReplyForm },
          },
        },
      },
      responses: { 200: json(SupportRequestDetail, "Replied"), ...problems(400, 401, 403, 404, 409, 413) },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const { id } = c.req.valid("param");
      requireBody(c.req.header("content-type"));
      if (isMultipart(c.req.header("content-type"))) {
        const form = c.req.valid("form");
        const files = await formFiles((form as { files?: unknown }).files);
        return c.json(await replySupportRequest({ ctx, input: { id, text: form.text, files } }), 200);
      }
      return c.json(await replySupportRequest({ ctx, input: { id, ...c.req.valid("json") } }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/support/requests/{id}/close",
      operationId: "closeSupportRequest",
      tags,
      summary: "Close the request",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(SupportRequestDetail, "Closed"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await closeSupportRequest({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/support/requests/{id}/attachments/{attachment_id}",
      operationId: "getSupportAttachment",
      tags,
      summary: "Download an attachment",
      security: bearerAuth,
      request: { params: AttachmentParams },
      responses: {
        200: { description: "The file", content: { "application/octet-stream": { schema: z.any() } } },
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const f = await getSupportAttachment({ ctx: ctxOf(c), input: c.req.valid("param") });
      c.header("Content-Type", f.contentType);
      c.header("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
      c.header("X-Content-Type-Options", "nosniff");
      return c.body(f.content as Uint8Array<ArrayBuffer>, 200);
    },
  );
