import { z } from "@hono/zod-openapi";
import { Email, Kopecks, ListQuery, listOf, Phone, ReturnUrl, Timestamp, Uuid } from "./common";
import { localized } from "./localized";

export const PaymentStatus = z
  .enum(["pending", "requires_action", "succeeded", "failed", "canceled", "refunded"])
  .openapi("PaymentStatus");

/** How the payer confirms an open payment (issue #16: SBP by QR code). */
export const ConfirmationType = z.enum(["redirect", "qr"]).nullable().openapi("ConfirmationType", {
  description:
    "`redirect`: send the payer to `confirmation_url` (the card page); `qr`: show `qr.payload` as a QR code (SBP), or on a phone open it as a link (it opens the bank's app); null once the payment is over",
});

export const PaymentQr = z
  .object({
    payload: z.string().openapi({
      description:
        "The SBP link to encode in the QR code: `https://qr.nspk.ru/<id>?type=02&bank=…&sum=…&cur=RUB&crc=…` (the sandbox's own host in test mode)",
    }),
    expires_at: Timestamp.nullable().openapi({
      description: "After this the code cannot be paid and the payment fails (`qr_expired`)",
    }),
  })
  .nullable()
  .openapi("PaymentQr", { description: "An open SBP payment's QR code; null otherwise" });

export const PaymentItemInput = z
  .object({
    account_id: Uuid.optional(),
    invoice_id: Uuid.optional(),
    invoice_number: z.string().trim().min(1).max(64).optional().openapi({
      description: "The invoice by its number (e.g. 2026-000123), instead of invoice_id",
      example: "2026-000123",
    }),
    amount: Kopecks.min(100)
      .optional()
      .openapi({ description: "Kopecks; optional for an invoice (its amount_due)" }),
  })
  .strict()
  .refine(
    (i) => [i.account_id, i.invoice_id, i.invoice_number].filter(Boolean).length === 1,
    localized(
      "account_or_invoice",
      "Укажите ровно одно из полей: account_id, invoice_id или invoice_number",
      "Give exactly one of account_id, invoice_id or invoice_number",
    ),
  )
  .openapi("PaymentItemInput");

export const CreatePaymentRequest = z
  .object({
    items: z.array(PaymentItemInput).min(1).max(100),
    method: z.enum(["card", "sbp"]).openapi({
      description: "`card`: the acquirer's card page; `sbp`: a QR code confirmed in the payer's bank app",
    }),
    receipt_email: Email.optional(),
    receipt_phone: Phone.optional(),
    return_url: ReturnUrl(2000).optional(),
    use_bonus: Kopecks.min(0)
      .optional()
      .openapi({ description: "Bonus kopecks to spend toward the payment" }),
    save_card: z.boolean().optional(),
  })
  .strict()
  .openapi("CreatePaymentRequest");

export const PaymentItem = z
  .object({
    account_id: Uuid,
    account_number: z.string(),
    invoice_id: Uuid.nullable(),
    invoice_number: z.string().nullable(),
    amount: Kopecks,
    bonus_amount: Kopecks,
  })
  .openapi("PaymentItem");

export const Payment = z
  .object({
    id: Uuid,
    status: PaymentStatus,
    source: z
      .enum(["cabinet", "public", "autopay", "bonus", "bank", "agent", "operator"])
      .openapi("PaymentSource", {
        description:
          "Where the payment came from: the cabinet, a partner widget, autopay, bonuses, a bank statement, a payment agent, the operator",
      }),
    method: z
      .enum(["card", "saved_card", "bonus", "sbp", "bank_transfer", "agent"])
      .openapi("PaymentMethod", { description: "The channel the money came by" }),
    amount: Kopecks.openapi({ description: "Credited to the accounts/invoices" }),
    commission: Kopecks,
    bonus_amount: Kopecks,
    charged_amount: Kopecks.openapi({
      description: "Charged to the card: amount − bonus_amount + commission",
    }),
    refunded_amount: Kopecks,
    currency: z.literal("RUB"),
    description: z.string(),
    confirmation_url: z
      .string()
      .nullable()
      .openapi({ description: "The acquirer's page while the payment is open" }),
    confirmation_type: ConfirmationType,
    qr: PaymentQr,
    failure_reason: z.string().nullable(),
    card_mask: z.string().nullable(),
    receipt_email: z.string().nullable(),
    receipt_phone: z.string().nullable(),
    items: z.array(PaymentItem),
    created_at: Timestamp,
    updated_at: Timestamp,
    succeeded_at: Timestamp.nullable(),
  })
  .openapi("Payment");

export const PaymentList = listOf(Payment, "PaymentList");

export const PaymentListQuery = ListQuery.extend({
  status: PaymentStatus.optional(),
  account_id: Uuid.optional(),
  from: z.string().datetime({ offset: true }).optional().openapi({ example: "2026-11-01T00:00:00Z" }),
  to: z.string().datetime({ offset: true }).optional(),
});

export const RefundRequest = z
  .object({ amount: Kopecks.min(1) })
  .strict()
  .openapi("RefundRequest");

export const NotificationAck = z
  .object({ outcome: z.string(), payment_id: z.string().nullable() })
  .openapi("AcquirerNotificationAck");

/** A copy of a paid payment's receipt, to an e-mail and/or a phone (by SMS). */
export const SendReceiptRequest = z
  .object({
    email: Email.optional().openapi({ description: "Send the receipt (with its PDF once registered) here" }),
    phone: Phone.optional().openapi({ description: "Send the SMS receipt (amount and receipt number) here" }),
  })
  .refine((b) => b.email !== undefined || b.phone !== undefined, {
    ...localized("receipt_recipient_required", "Укажите e-mail или телефон", "Give an e-mail or a phone"),
    path: ["email"],
  })
  .openapi("SendReceiptRequest");
export const SentReceipt = z
  .object({
    email: z.string().nullable().openapi({ description: "Where the e-mail went", example: "buh@example.ru" }),
    phone: z.string().nullable().openapi({ description: "Where the SMS went", example: "+79161234567" }),
  })
  .openapi("SentReceipt");
