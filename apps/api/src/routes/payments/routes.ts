import { createRoute, z } from "@hono/zod-openapi";
import {
  CreatePaymentRequest,
  IdParam,
  Payment,
  PaymentList,
  PaymentListQuery,
  RefundRequest,
  SendReceiptRequest,
  SentReceipt,
} from "@lk/contracts";
import {
  cancelPayment,
  createPayment,
  getPayment,
  getPaymentReceipt,
  getPaymentReceiptPdf,
  listPayments,
  refundPayment,
  sendPaymentReceipt,
} from "@lk/core";
import { ctxOf } from "../../http/context";
import { idempotencyKeyOf, idempotent } from "../../http/idempotency";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { attachment, binary } from "../documents/binary";

const tags = ["Payments"];

export const paymentRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/payments",
      operationId: "createPayment",
      tags,
      summary: "Pay several accounts and/or invoices at once, by card or SBP",
      description:
        "The server prices the payment (amounts, commission by method, bonuses) and returns `confirmation_url`, the acquirer's page where the payer types the card (`method: card`), or for `method: sbp` a QR code (`confirmation_type: qr`, `qr.payload`, `qr.expires_at`) the payer scans with any bank's app (on a phone: opens the link). The status then moves by the acquirer's signed notifications. Requires `Idempotency-Key`: a replay returns the first payment.",
      security: bearerAuth,
      middleware: [idempotent()] as const,
      request: { body: jsonBody(CreatePaymentRequest) },
      responses: {
        201: json(Payment, "Created (or the first payment of this key)"),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const { payment } = await createPayment({
        ctx: ctxOf(c),
        input: { ...c.req.valid("json"), idempotency_key: idempotencyKeyOf(c) },
        acquirer: c.get("deps").acquirer,
      });
      return c.json(payment, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/payments",
      operationId: "listPayments",
      tags,
      summary: "Payment history",
      description: "Newest first. Filters: `status`, `account_id`, `from`/`to` (creation time, ISO 8601).",
      security: bearerAuth,
      request: { query: PaymentListQuery },
      responses: { 200: json(PaymentList, "Payments"), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const res = await listPayments({
        ctx: ctxOf(c),
        input: {
          ...q,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
        },
      });
      return c.json(res, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/payments/{id}",
      operationId: "getPayment",
      tags,
      summary: "One payment",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(Payment, "The payment"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getPayment({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/payments/{id}/receipt",
      operationId: "getPaymentReceipt",
      tags,
      summary: "Download the receipt (text, Russian with English labels)",
      security: bearerAuth,
      request: { params: IdParam },
      responses: {
        200: { description: "The receipt", content: { "text/plain": { schema: z.string() } } },
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const r = await getPaymentReceipt({ ctx: ctxOf(c), input: c.req.valid("param") });
      c.header("Content-Disposition", `attachment; filename="${r.fileName}"`);
      return c.text(r.text, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/payments/{id}/receipt.pdf",
      operationId: "getPaymentReceiptPdf",
      tags,
      summary: "Download the receipt as a PDF, with the ФНС check QR of each registered fiscal receipt",
      security: bearerAuth,
      request: { params: IdParam },
      responses: {
        200: binary("application/pdf", "The receipt"),
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const r = await getPaymentReceiptPdf({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(new Uint8Array(r.content), 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": attachment(r.fileName),
      });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/payments/{id}/receipt/send",
      operationId: "sendPaymentReceipt",
      tags,
      summary: "Send a copy of the receipt to an e-mail and/or a phone (SMS)",
      description:
        "For a succeeded (or refunded) payment: the e-mail carries the receipt's text and, once the fiscal receipt is registered, its PDF; the SMS says the amount and the receipt number. At least one of `email`, `phone`. Accountant or admin (`payments:write`); audited as `payment.receipt_sent`. Not a payment (no idempotency key): each call sends again.",
      security: bearerAuth,
      request: { params: IdParam, body: jsonBody(SendReceiptRequest) },
      responses: { 200: json(SentReceipt, "Queued for sending"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        await sendPaymentReceipt({
          ctx: ctxOf(c),
          input: { ...c.req.valid("param"), ...c.req.valid("json") },
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/payments/{id}/cancel",
      operationId: "cancelPayment",
      tags,
      summary: "Cancel an unpaid payment (pending or awaiting 3-D Secure)",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(Payment, "Canceled"), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await cancelPayment({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/payments/{id}/refunds",
      operationId: "refundPayment",
      tags,
      summary: "Refund (part of) a succeeded payment (admins)",
      description:
        "Debits the accounts through the ledger once the acquirer confirms. Requires `Idempotency-Key`.",
      security: bearerAuth,
      middleware: [idempotent()] as const,
      request: { params: IdParam, body: jsonBody(RefundRequest) },
      responses: {
        200: json(Payment, "The payment after the refund"),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const res = await refundPayment({
        ctx: ctxOf(c),
        input: { ...c.req.valid("param"), ...c.req.valid("json"), idempotency_key: idempotencyKeyOf(c) },
        acquirer: c.get("deps").acquirer,
      });
      return c.json(res, 200);
    },
  );
