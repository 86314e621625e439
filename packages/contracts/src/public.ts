import { z } from "@hono/zod-openapi";
import { Kopecks, ReturnUrl, Timestamp } from "./common";
import { ConfirmationType, PaymentQr } from "./payments";

// The public endpoints the partner widgets call (packages/widgets/src/api/types.ts mirrors these).

export const PublicMethod = z.enum(["card", "sbp"]).openapi("PublicPaymentMethod");

export const PublicLookupQuery = z.object({
  query: z.string().trim().min(1).max(100).openapi({
    description: "Account number (12 digits), a service's phone, or a service login",
    example: "770000000001",
  }),
  region: z.string().trim().max(50).optional().openapi({ description: "Region hint for phones and logins" }),
});

export const PublicAccountLookup = z
  .object({
    account_number: z.string(),
    masked_holder: z.string().openapi({ example: "ООО «Р*****»" }),
    region: z.string(),
    status: z.enum(["active", "suspended", "closed"]),
    recommended_amount: Kopecks.openapi({ description: "Debt, or next month's fees with VAT; 0 if none" }),
    min_amount: Kopecks,
    max_amount: Kopecks,
    currency: z.literal("RUB"),
    methods: z.array(
      z.object({ method: PublicMethod, commission_percent_bp: z.number().int(), commission_min: Kopecks }),
    ),
  })
  .openapi("PublicAccountLookup");

export const PublicInvoiceParam = z.object({
  number: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "number", in: "path" }, example: "2026-000123" }),
});

export const PublicInvoice = z
  .object({
    number: z.string(),
    account_number: z.string(),
    masked_holder: z.string(),
    amount_due: Kopecks,
    status: z.enum(["issued", "paid", "partially_paid", "overdue"]),
    due_date: z.string().openapi({ format: "date" }),
    period: z.string().openapi({ example: "2026-10" }),
    currency: z.literal("RUB"),
  })
  .openapi("PublicInvoice");

export const PublicQuoteRequest = z
  .object({ amount: Kopecks, method: PublicMethod })
  .strict()
  .openapi("PublicQuoteRequest");

export const PublicQuote = z
  .object({ amount: Kopecks, commission_amount: Kopecks, total_amount: Kopecks, currency: z.literal("RUB") })
  .openapi("PublicQuote");

export const CreatePublicPaymentRequest = z
  .object({
    account_number: z.string().trim().max(20).optional(),
    invoice_number: z.string().trim().max(64).optional(),
    amount: Kopecks.optional().openapi({
      description: "Required for an account; an invoice defaults to its amount due",
    }),
    method: PublicMethod,
    receipt_email: z.string().trim().toLowerCase().email().max(254).optional(),
    receipt_phone: z
      .string()
      .trim()
      .regex(/^\+7\d{10}$/)
      .optional(),
    return_url: ReturnUrl(2048).optional(),
  })
  .strict()
  .openapi("CreatePublicPaymentRequest");

export const PublicPayment = z
  .object({
    id: z.string().uuid(),
    status: z.enum(["pending", "requires_action", "succeeded", "failed", "canceled", "refunded"]),
    amount: Kopecks,
    commission_amount: Kopecks,
    total_amount: Kopecks.openapi({ description: "Charged to the card: amount + commission" }),
    currency: z.literal("RUB"),
    confirmation_url: z.string().nullable(),
    confirmation_type: ConfirmationType,
    qr: PaymentQr,
    receipt_number: z.string().nullable(),
    failure_reason: z.string().nullable(),
    created_at: Timestamp,
    succeeded_at: Timestamp.nullable().openapi({ description: "When the payment succeeded" }),
  })
  .openapi("PublicPayment");
export * from "./partners";
