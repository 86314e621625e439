import { z } from "@hono/zod-openapi";
import { Currency, Email, Kopecks, ListQuery, listOf, Period } from "./common";

export const DocumentKind = z.enum(["act", "vat_invoice", "upd", "payment_invoice"]);

export const DocumentListQuery = ListQuery.extend({
  period: Period.optional(),
  kind: DocumentKind.optional().openapi({ description: "Default: acts and VAT invoices" }),
  account_id: z.string().uuid().optional(),
  group_id: z.string().uuid().optional(),
});

export const DocumentIdParam = z.object({
  id: z
    .string()
    .max(80)
    .openapi({ param: { name: "id", in: "path" }, example: "act.0f8b2c1e-5d6a-4b7c-9e0f-1a2b3c4d5e6f" }),
});

export const DocumentItem = z
  .object({
    id: z.string(),
    kind: DocumentKind,
    number: z.string(),
    date: z.string(),
    period: z.string(),
    account_id: z.string().nullable(),
    account_number: z.string().nullable(),
    title: z.string(),
    total_amount: Kopecks,
    vat_amount: Kopecks,
    currency: Currency,
    pdf_url: z.string(),
  })
  .openapi("Document");
export const DocumentList = listOf(DocumentItem, "DocumentList");

export const PaymentInvoiceRequest = z
  .object({
    account_ids: z.array(z.string().uuid()).min(1).max(100),
    amounts: z
      .array(Kopecks.min(1))
      .max(100)
      .optional()
      .openapi({ description: "Per account, same order; default: the debt, else the last invoice" }),
  })
  .openapi("PaymentInvoiceRequest");

export const PaymentInvoice = z
  .object({
    id: z.string(),
    kind: z.literal("payment_invoice"),
    number: z.string().openapi({ example: "П-2026-000001" }),
    issued_on: z.string(),
    total_amount: Kopecks,
    vat_amount: Kopecks,
    vat_rate: z.number(),
    currency: Currency,
    lines: z.array(z.object({ account_id: z.string(), account_number: z.string(), amount: Kopecks })),
    purpose: z.string().openapi({ description: "Payment purpose for the bank order (names each account)" }),
    pdf_url: z.string(),
  })
  .openapi("PaymentInvoice");

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .openapi({ example: "2026-01-01" });
export const ReconciliationQuery = z.object({ from: Day, to: Day.openapi({ example: "2026-09-30" }) });

export const Reconciliation = z
  .object({
    from: z.string(),
    to: z.string(),
    seller: z.object({ name: z.string(), inn: z.string(), kpp: z.string() }),
    buyer: z.object({ name: z.string(), inn: z.string(), kpp: z.string().nullable() }),
    opening_balance: Kopecks.openapi({ description: "Positive: the customer's advance; negative: debt" }),
    lines: z.array(z.object({ date: z.string(), document: z.string(), debit: Kopecks, credit: Kopecks })),
    debit: Kopecks,
    credit: Kopecks,
    closing_balance: Kopecks,
    currency: Currency,
  })
  .openapi("Reconciliation");

export const ArchiveQuery = z.object({ period: Period, group_id: z.string().uuid().optional() });

export const DocumentRecipients = z.object({ emails: z.array(Email).max(20) }).openapi("DocumentRecipients");
