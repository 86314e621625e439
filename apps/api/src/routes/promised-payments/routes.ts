import { createRoute } from "@hono/zod-openapi";
import { IdParam, PromisedPayment, PromisedPaymentInfo, TakePromisedPaymentRequest } from "@lk/contracts";
import { getPromisedPayment, takePromisedPayment } from "@lk/core";
import { ctxOf } from "../../http/context";
import { idempotent } from "../../http/idempotency";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Promised payments"];

export const promisedPaymentRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/accounts/{id}/promised-payment",
      operationId: "getPromisedPayment",
      tags,
      summary: "Eligibility and limit of a promised (or trust) payment",
      description:
        "Advance accounts: a promised payment once a calendar month, up to the average monthly charges of the last 3 months, for 5 days. Credit accounts: a trust payment of the same shape if the contract allows it. `reason` explains a refusal.",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(PromisedPaymentInfo, "Eligibility"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await getPromisedPayment({ ctx: ctxOf(c), input: { account_id: c.req.valid("param").id } }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/accounts/{id}/promised-payment",
      operationId: "takePromisedPayment",
      tags,
      summary: "Take a promised payment: the account is credited and resumed at once",
      security: bearerAuth,
      middleware: [idempotent()] as const,
      request: { params: IdParam, body: jsonBody(TakePromisedPaymentRequest) },
      responses: { 201: json(PromisedPayment, "Taken"), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const res = await takePromisedPayment({
        ctx: ctxOf(c),
        input: { account_id: c.req.valid("param").id, amount: c.req.valid("json").amount },
      });
      return c.json(res, 201);
    },
  );
