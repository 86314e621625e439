import { createRoute } from "@hono/zod-openapi";
import { IdParam, OperatorReceipt, OperatorReceiptList, OperatorReceiptListQuery } from "@lk/contracts";
import { getReceipt, listReceipts, retryReceipt } from "@lk/core";
import { ctxOf } from "../../http/context";
import { json, operatorAuth, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Operator: receipts"];

/** Fiscal receipts (54-ФЗ) as the back office follows them: pending, registered, failed. */
export const operatorReceiptRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/receipts",
      operationId: "listReceipts",
      tags,
      summary: "Fiscal receipts of all companies, newest first, by state, kind, company or payment",
      description:
        "One receipt per payment (`sell`, приход) and per refund (`sell_refund`, возврат прихода). `pending` ones are retried by the `receipts` job until the cash register registers them; `fiscal` carries ФН, ФД, ФПД and the ФНС check QR's string once `registered`.",
      security: operatorAuth,
      request: { query: OperatorReceiptListQuery },
      responses: { 200: json(OperatorReceiptList, "Receipts"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listReceipts({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/operator/receipts/{id}",
      operationId: "getReceipt",
      tags,
      summary: "One fiscal receipt",
      security: operatorAuth,
      request: { params: IdParam },
      responses: { 200: json(OperatorReceipt, "The receipt"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getReceipt({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/operator/receipts/{id}/retry",
      operationId: "retryReceipt",
      tags,
      summary: "Try a failed receipt again (under a new external id); other states are returned unchanged",
      security: operatorAuth,
      request: { params: IdParam },
      responses: { 200: json(OperatorReceipt, "The receipt"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await retryReceipt({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
