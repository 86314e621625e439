import { cardMask, type Payment, type Refund } from "./model";

/** The wire shape of a payment (snake_case), used by the API and notifications alike. */
export function paymentJson(p: Payment) {
  const open = p.flow !== "token" && (p.status === "pending" || p.status === "requires_action");
  return {
    id: p.id,
    order_id: p.orderId,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    description: p.description,
    created_at: p.createdAt.toISOString(),
    refunded_amount: p.refundedAmount,
    payment_method: p.method,
    ...(open ? { confirmation_url: p.pageUrl } : {}),
    ...(p.failureReason ? { failure_reason: p.failureReason } : {}),
    ...(p.card
      ? {
          card_mask: cardMask(p.card.last4),
          card_brand: p.card.brand,
          card_expiry_month: p.card.expiryMonth,
          card_expiry_year: p.card.expiryYear,
        }
      : {}),
    ...(p.cardToken ? { card_token: p.cardToken } : {}),
    // The QR code's link and life while it can be paid; the payer's bank once chosen.
    ...(p.sbp && open
      ? { sbp_qr: { qr_id: p.sbp.qrId, payload: p.sbp.payload, expires_at: p.sbp.expiresAt.toISOString() } }
      : {}),
    ...(p.sbp?.bankId ? { sbp_bank_id: p.sbp.bankId } : {}),
  };
}

export type PaymentJson = ReturnType<typeof paymentJson>;

export function refundJson(r: Refund) {
  return {
    id: r.id,
    payment_id: r.paymentId,
    amount: r.amount,
    status: r.status,
    created_at: r.createdAt.toISOString(),
  };
}
