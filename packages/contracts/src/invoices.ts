import { z } from "@hono/zod-openapi";
import { Currency, Kopecks, ListQuery, listOf, Period } from "./common";

export const InvoiceStatus = z.enum(["issued", "paid", "overdue"]);
export const InvoiceKind = z.enum(["advance", "credit"]);

export const InvoiceListQuery = ListQuery.extend({
  period: Period.optional(),
  account_id: z.string().uuid().optional(),
  group_id: z.string().uuid().optional(),
  status: InvoiceStatus.optional(),
  kind: InvoiceKind.optional(),
  number: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: "The invoice with this number (exact match)", example: "2026-000123" }),
});

const DocumentRef = z.object({ id: z.string(), kind: z.string(), pdf_url: z.string() });

export const Invoice = z
  .object({
    id: z.string().uuid(),
    number: z.string().openapi({ example: "2026-000123" }),
    period: z.string(),
    kind: InvoiceKind,
    status: InvoiceStatus,
    account_id: z.string().uuid(),
    account_number: z.string(),
    group_id: z.string().nullable(),
    issued_on: z.string().openapi({ example: "2026-10-31" }),
    due_on: z.string().openapi({ example: "2026-11-20" }),
    net_amount: Kopecks,
    vat_amount: Kopecks,
    total_amount: Kopecks,
    amount_due: Kopecks.openapi({
      description:
        "Kopecks still to pay: total_amount minus what succeeded payments toward this invoice paid of it, net of their refunds; 0 once paid",
    }),
    currency: Currency,
    paid_at: z.string().nullable(),
    pdf_url: z.string(),
    documents: z.array(DocumentRef),
  })
  .openapi("Invoice");

export const InvoiceLine = z
  .object({
    line_no: z.number().int(),
    kind: z.enum(["fee", "calls", "equipment_rent", "other"]),
    description: z.string(),
    service_id: z.string().nullable(),
    destination_type: z.string().nullable(),
    quantity: z.number(),
    unit: z.string(),
    period_from: z.string(),
    period_to: z.string(),
    net_amount: Kopecks,
    vat_rate: z.number().openapi({ example: 22 }),
    vat_amount: Kopecks,
    total_amount: Kopecks,
  })
  .openapi("InvoiceLine");

export const InvoiceDetail = Invoice.extend({ lines: z.array(InvoiceLine) }).openapi("InvoiceDetail");
export const InvoiceList = listOf(Invoice, "InvoiceList");
