import type { PaymentView } from "./load";

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
    confirmation_url: p.status === "pending" || p.status === "requires_action" ? p.confirmationUrl : null,
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
