import { createRoute } from "@hono/zod-openapi";
import { CreateTransferRequest, ListQuery, Transfer, TransferList } from "@lk/contracts";
import { createTransfer, listTransfers } from "@lk/core";
import { ctxOf } from "../../http/context";
import { idempotencyKeyOf, idempotent } from "../../http/idempotency";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Transfers"];

export const transferRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/transfers",
      operationId: "createTransfer",
      tags,
      summary: "Move money from one of the company's accounts to one or several others",
      description:
        "Atomic; the source never goes below its allowed minimum (409 `insufficient_funds`). Requires `Idempotency-Key`.",
      security: bearerAuth,
      middleware: [idempotent()] as const,
      request: {
        body: jsonBody(CreateTransferRequest),
      },
      responses: { 201: json(Transfer, "Done"), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { transfer } = await createTransfer({
        ctx: ctxOf(c),
        input: { ...c.req.valid("json"), idempotency_key: idempotencyKeyOf(c) },
      });
      return c.json(transfer, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/transfers",
      operationId: "listTransfers",
      tags,
      summary: "Transfers",
      security: bearerAuth,
      request: { query: ListQuery },
      responses: { 200: json(TransferList, "Transfers"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listTransfers({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  );
