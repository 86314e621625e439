import { createRoute } from "@hono/zod-openapi";
import {
  ArchiveQuery,
  DocumentIdParam,
  DocumentList,
  DocumentListQuery,
  DocumentRecipients,
  PaymentInvoice,
  PaymentInvoiceRequest,
  Reconciliation,
  ReconciliationQuery,
} from "@lk/contracts";
import {
  createPaymentInvoice,
  documentPdf,
  documentsArchive,
  listDocumentRecipients,
  listDocuments,
  reconciliation,
  reconciliationPdf,
  setDocumentRecipients,
} from "@lk/core";
import { ctxOf } from "../../http/context";
import { bearerAuth, json, jsonBody, problems } from "../../http/openapi";
import { createRouter } from "../../http/router";
import { onReplica } from "../../replica/on-replica";
import { attachment, binary } from "./binary";

const tags = ["Documents"];
const pdfHeaders = (filename: string) => ({
  "Content-Type": "application/pdf",
  "Content-Disposition": attachment(filename),
});

export const documentRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/documents",
      operationId: "listDocuments",
      tags,
      summary: "Closing documents (acts, VAT invoices) and payment invoices",
      description:
        "Without `kind`: an act and a VAT invoice per monthly invoice. `kind=upd` lists УПД (status 1) instead; `kind=payment_invoice` lists bank-transfer invoices.",
      security: bearerAuth,
      request: { query: DocumentListQuery },
      responses: { 200: json(DocumentList, "A page of documents"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(await onReplica(c, (ctx) => listDocuments({ ctx, input: c.req.valid("query") })), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/documents/{id}/pdf",
      operationId: "getDocumentPdf",
      tags,
      summary: "A document as PDF (`act.<id>`, `vat_invoice.<id>`, `upd.<id>`, `payment_invoice.<id>`)",
      security: bearerAuth,
      request: { params: DocumentIdParam },
      responses: { 200: binary("application/pdf", "PDF"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const pdf = await onReplica(c, (ctx) => documentPdf({ ctx, input: c.req.valid("param") }));
      return c.body(new Uint8Array(pdf.content), 200, pdfHeaders(pdf.filename));
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/v1/documents/payment-invoice",
      operationId: "createPaymentInvoice",
      tags,
      summary: "Issue a bank-transfer invoice (счёт на оплату) for one or several accounts",
      description:
        "Amounts default to each account's debt, else its last invoice. The `purpose` names every personal account; `pdf_url` downloads it.",
      security: bearerAuth,
      request: { body: jsonBody(PaymentInvoiceRequest) },
      responses: { 201: json(PaymentInvoice, "Issued"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await createPaymentInvoice({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/documents/reconciliation",
      operationId: "getReconciliation",
      tags,
      summary: "Reconciliation statement (акт сверки) for any period, as data",
      security: bearerAuth,
      request: { query: ReconciliationQuery },
      responses: { 200: json(Reconciliation, "Reconciliation"), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const r = await onReplica(c, (ctx) => reconciliation({ ctx, input: c.req.valid("query") }));
      return c.json(
        {
          from: r.from,
          to: r.to,
          seller: { name: r.seller.name, inn: r.seller.inn, kpp: r.seller.kpp },
          buyer: { name: r.buyer.name, inn: r.buyer.inn, kpp: r.buyer.kpp },
          opening_balance: r.opening,
          lines: r.lines,
          debit: r.debit,
          credit: r.credit,
          closing_balance: r.closing,
          currency: "RUB" as const,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/documents/reconciliation.pdf",
      operationId: "getReconciliationPdf",
      tags,
      summary: "Reconciliation statement (акт сверки) as PDF",
      security: bearerAuth,
      request: { query: ReconciliationQuery },
      responses: { 200: binary("application/pdf", "PDF"), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const pdf = await onReplica(c, (ctx) => reconciliationPdf({ ctx, input: c.req.valid("query") }));
      return c.body(new Uint8Array(pdf.content), 200, pdfHeaders(pdf.filename));
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/documents/archive",
      operationId: "getDocumentsArchive",
      tags,
      summary: "Zip of every act and VAT invoice of a period (company or group), streamed",
      security: bearerAuth,
      request: { query: ArchiveQuery },
      responses: { 200: binary("application/zip", "Zip archive"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const a = await onReplica(c, (ctx) => documentsArchive({ ctx, input: c.req.valid("query") }));
      return c.body(a.stream, 200, {
        "Content-Type": "application/zip",
        "Content-Disposition": attachment(a.filename),
      });
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/documents/recipients",
      operationId: "getDocumentRecipients",
      tags,
      summary: "Addresses that receive new documents by e-mail",
      security: bearerAuth,
      responses: { 200: json(DocumentRecipients, "Recipients"), ...problems(401, 403) },
    }),
    async (c) => c.json(await listDocumentRecipients({ ctx: ctxOf(c) }), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/v1/documents/recipients",
      operationId: "setDocumentRecipients",
      tags,
      summary: "Replace the document recipients (admins)",
      security: bearerAuth,
      request: { body: jsonBody(DocumentRecipients) },
      responses: { 200: json(DocumentRecipients, "Saved"), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await setDocumentRecipients({ ctx: ctxOf(c), input: c.req.valid("json") }), 200),
  );
