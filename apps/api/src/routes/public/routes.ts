import { createRoute } from "@hono/zod-openapi";
import {
  CreatePublicPaymentRequest,
  IdParam,
  PublicAccountLookup,
  PublicInvoice,
  PublicInvoiceParam,
  PublicLookupQuery,
  PublicPayment,
  PublicQuote,
  PublicQuoteRequest,
} from "@lk/contracts";
import {
  createWidgetPayment,
  getPublicInvoice,
  getWidgetPayment,
  LOOKUP_MIN_MS,
  lookupPublicAccount,
  padTo,
  quotePublicPayment,
} from "@lk/core";
import type { Context } from "hono";
import { ctxOf } from "../../http/context";
import { requestStartOf } from "../../http/cors";
import type { AppEnv } from "../../http/env";
import { idempotencyKeyOf, idempotent } from "../../http/idempotency";
import { json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";

const tags = ["Public (partner widgets)"];
const security = [{ publishableKey: [] }];
const auth =
  "Header `X-LK-Key: pk_…` from a browser on one of the partner's allowed origins (`Origin`); otherwise 401 `invalid_publishable_key` / 403 `origin_not_allowed`.";

/**
 * Found or not, a lookup answers after the same minimum time from the request's start, so the
 * answer time says nothing about whether an account exists.
 */
async function padded<T>(c: Context<AppEnv>, fn: () => Promise<T>): Promise<T> {
  const started = requestStartOf(c);
  try {
    return await fn();
  } finally {
    await padTo(started, LOOKUP_MIN_MS);
  }
}

export const publicRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/public/accounts/lookup",
      operationId: "publicLookupAccount",
      tags,
      summary: "Find an account by number, a service's phone, or a service login",
      description: `${auth} Returns the masked holder, status, recommended amount, limits and methods with this partner's commission. Limited per visitor address (misses count triple) and per key; every answer takes at least ${LOOKUP_MIN_MS} ms.`,
      security,
      request: { query: PublicLookupQuery },
      responses: { 200: json(PublicAccountLookup, "Found"), ...problems(400, 401, 403, 404, 429) },
    }),
    async (c) =>
      c.json(await padded(c, () => lookupPublicAccount({ ctx: ctxOf(c), input: c.req.valid("query") })), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/public/invoices/{number}",
      operationId: "publicGetInvoice",
      tags,
      summary: "An invoice by its number: amount due and masked holder",
      description: `${auth} Same limits and answer time as the account lookup.`,
      security,
      request: { params: PublicInvoiceParam },
      responses: { 200: json(PublicInvoice, "The invoice"), ...problems(400, 401, 403, 404, 429) },
    }),
    async (c) =>
      c.json(await padded(c, () => getPublicInvoice({ ctx: ctxOf(c), input: c.req.valid("param") })), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/public/payments/quote",
      operationId: "publicQuotePayment",
      tags,
      summary: "Commission and total for an amount and method (this partner's terms)",
      description: auth,
      security,
      request: { body: jsonBody(PublicQuoteRequest) },
      responses: { 200: json(PublicQuote, "Quote"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await quotePublicPayment({ ctx: ctxOf(c), input: c.req.valid("json") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/public/payments",
      operationId: "publicCreatePayment",
      tags,
      summary: "Pay an account or an invoice; returns the acquirer's confirmation_url",
      description: `${auth} Requires \`Idempotency-Key\`: a replay returns the first payment. Priced by the server with the partner's commission. \`return_url\` must be on one of the partner's origins.`,
      security,
      middleware: [idempotent()] as const,
      request: {
        body: jsonBody(CreatePublicPaymentRequest),
      },
      responses: {
        201: json(PublicPayment, "Created (or the first payment of this key)"),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) =>
      c.json(
        await createWidgetPayment({
          ctx: ctxOf(c),
          input: { ...c.req.valid("json"), idempotency_key: idempotencyKeyOf(c) },
          acquirer: c.get("deps").acquirer,
        }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/public/payments/{id}",
      operationId: "publicGetPayment",
      tags,
      summary: "Status of a payment made through this partner",
      description: `${auth} Another partner's payment is 404.`,
      security,
      request: { params: IdParam },
      responses: { 200: json(PublicPayment, "The payment"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getWidgetPayment({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  );
