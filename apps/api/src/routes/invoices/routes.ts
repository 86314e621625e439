import { createRoute } from "@hono/zod-openapi";
import { IdParam, InvoiceDetail, InvoiceList, InvoiceListQuery } from "@lk/contracts";
import { getInvoice, invoicePdf, listInvoices } from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { attachment, binary } from "../documents/binary";

const tags = ["Invoices"];

export const invoiceRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/invoices",
      operationId: "listInvoices",
      tags,
      summary: "Monthly invoices, newest first",
      description:
        "Filters: `period`, `account_id`, `group_id` (with subgroups), `status`, `kind` (advance/credit), `number` (exact). Each invoice shows `amount_due`, what is left to pay.",
      security: bearerAuth,
      request: { query: InvoiceListQuery },
      responses: { 200: json(InvoiceList, "A page of invoices"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await listInvoices({ ctx: ctxOf(c), input: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/invoices/{id}",
      operationId: "getInvoice",
      tags,
      summary: "One invoice with its lines",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: json(InvoiceDetail, "The invoice"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getInvoice({ ctx: ctxOf(c), input: c.req.valid("param") }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/invoices/{id}/pdf",
      operationId: "getInvoicePdf",
      tags,
      summary: "The invoice as a bank-transfer invoice (счёт на оплату), PDF",
      security: bearerAuth,
      request: { params: IdParam },
      responses: { 200: binary("application/pdf", "PDF"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const pdf = await invoicePdf({ ctx: ctxOf(c), input: c.req.valid("param") });
      return c.body(new Uint8Array(pdf.content), 200, {
        "Content-Type": "application/pdf",
        "Content-Disposition": attachment(pdf.filename),
      });
    },
  );
