/**
 * What the API needs from an acquirer (cards and SBP). The sandbox (apps/acquirer-sandbox) is one adapter;
 * a real acquirer is another implementation of this interface.
 * Amounts are integer kopecks. Card data never passes through here: the payer types it into the
 * acquirer's hosted page (confirmationUrl).
 */
export interface AcquirerProvider {
  readonly name: string;
  /** Starts a payment; `idempotencyKey` makes a retried call return the same acquirer payment. */
  createPayment(input: CreateAcquirerPayment): Promise<AcquirerPayment>;
  getPayment(acquirerPaymentId: string): Promise<AcquirerPayment>;
  /** Charges a saved card without the payer (autopay). Resolves with the final status. */
  chargeSavedCard(input: ChargeSavedCard): Promise<AcquirerPayment>;
  refund(input: {
    acquirerPaymentId: string;
    amount: number;
    idempotencyKey: string;
  }): Promise<AcquirerRefund>;
  /**
   * Checks a notification's signature and timestamp and parses it. Throws on a forged or stale
   * notification. `rawBody` is the exact bytes received.
   */
  verifyNotification(rawBody: string, headers: Headers, now: Date): AcquirerNotification;
}

export interface CreateAcquirerPayment {
  idempotencyKey: string;
  /** Our payment id; comes back in notifications as `orderId`. */
  orderId: string;
  amount: number;
  currency: "RUB";
  description: string;
  returnUrl?: string | undefined;
  notificationUrl: string;
  /** Ask the acquirer to save the card and return a token (for autopay). */
  saveCard?: boolean | undefined;
  /** "card" (default): the hosted card page; "sbp": a QR code the payer confirms in their bank's app. */
  method?: "card" | "sbp" | undefined;
  /** Language of the acquirer's page for the payer. */
  locale?: "ru" | "en" | undefined;
}

export interface ChargeSavedCard {
  idempotencyKey: string;
  orderId: string;
  amount: number;
  currency: "RUB";
  description: string;
  cardToken: string;
  notificationUrl: string;
}

export type AcquirerPaymentStatus = "pending" | "requires_action" | "succeeded" | "failed" | "canceled";

export interface AcquirerPayment {
  id: string;
  orderId: string;
  status: AcquirerPaymentStatus;
  amount: number;
  confirmationUrl?: string | undefined;
  failureReason?: string | undefined;
  /** Present when the card was saved: a token for chargeSavedCard, and a display mask "•• 4242". */
  cardToken?: string | undefined;
  cardMask?: string | undefined;
  /** The card's expiry (month 1–12, four-digit year), when the acquirer reports it; kept with a saved card. */
  cardExpiry?: { month: number; year: number } | undefined;
  /** An SBP payment's QR code while it can be paid: the link it encodes and when it expires. */
  qr?: { payload: string; expiresAt: Date } | undefined;
}

export interface AcquirerRefund {
  id: string;
  acquirerPaymentId: string;
  amount: number;
  status: "succeeded" | "failed";
}

export interface AcquirerNotification {
  /** Unique per event, so the API can apply each one once. */
  eventId: string;
  type: "payment.succeeded" | "payment.failed" | "payment.requires_action" | "refund.succeeded";
  payment: AcquirerPayment;
  /** When the acquirer says the event happened; used to ignore stale out-of-order events. */
  occurredAt: Date;
}
