import type { PaymentRow, PaymentView } from "./load";

/**
 * How the payer confirms an open payment: "redirect" to the acquirer's page (`confirmation_url`),
 * or "qr" — an SBP QR code (`qr.payload` is the link it encodes; on a phone, the link opens the
 * bank's app) until `qr.expires_at`. Nothing once the payment is over.
 */
export function confirmationOf(p: PaymentRow) {
  const open = p.status === "pending" || p.status === "requires_action";
  const qr = open && p.qrPayload !== null;
  return {
    confirmation_url: open ? p.confirmationUrl : null,
    confirmation_type:
      !open || p.confirmationUrl === null ? null : qr ? ("qr" as const) : ("redirect" as const),
    qr: qr ? { payload: p.qrPayload!, expires_at: p.qrExpiresAt?.toISOString() ?? null } : null,
  };
}

/** The API shape of a payment (snake_case, kopecks, ISO UTC). */
export function paymentJson(p: PaymentView) {
  return {
    id: p.id,
    status: p.status,
    source: p.source,
    method: p.method,
    amount: p.amount,
    commission: p.commission,
    bonus_amount: p.bonusAmount,
    charged_amount: p.chargedAmount,
    refunded_amount: p.refundedAmount,
    currency: "RUB" as const,
    description: p.description,
    ...confirmationOf(p),
    failure_reason: p.failureReason,
    card_mask: p.cardMask,
    receipt_email: p.receiptEmail,
    receipt_phone: p.receiptPhone,
    items: p.items.map((i) => ({
      account_id: i.accountId,
      account_number: i.accountNumber,
      invoice_id: i.invoiceId,
      invoice_number: i.invoiceNumber,
      amount: i.amount,
      bonus_amount: i.bonusAmount,
    })),
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
    succeeded_at: p.succeededAt ? p.succeededAt.toISOString() : null,
  };
}
export type PaymentJson = ReturnType<typeof paymentJson>;
