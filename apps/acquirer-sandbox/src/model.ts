export type PaymentStatus = "pending" | "requires_action" | "succeeded" | "failed" | "canceled";

export type PaymentMethod = "card" | "sbp";

/** An SBP payment's QR code: its link, its life, and what the payer's bank did with it. */
export interface SbpQr {
  qrId: string;
  /** The link the QR code encodes (see sbp.ts). */
  payload: string;
  expiresAt: Date;
  /** The payer's bank chosen on the «bank app» page. */
  bankId: string | undefined;
  /** Confirmed in a bank that never answers: nothing happens until the QR expires. */
  waiting: boolean;
}

/** What is kept of a card: the last 4 digits, the brand and the expiry (as acquirers report them). */
export interface CardFacts {
  last4: string;
  brand: string;
  /** 1–12 and four digits, e.g. 12 and 2028 for «12/28». */
  expiryMonth: number;
  expiryYear: number;
}

export interface SavedCard extends CardFacts {
  token: string;
  shopId: string;
}

/** A payment as the sandbox keeps it in memory. Only the last 4 digits of a card are ever kept. */
export interface Payment {
  id: string;
  shopId: string;
  orderId: string;
  amount: number;
  currency: "RUB";
  description: string;
  returnUrl: string | undefined;
  notificationUrl: string;
  saveCard: boolean;
  method: PaymentMethod;
  /** Set for method "sbp". */
  sbp: SbpQr | undefined;
  /**
   * "page": the payer types the card into /pay/:id; "token": a saved card charged without the payer;
   * "sbp": the payer confirms in their bank's app (/sbp/:qrId in the sandbox).
   */
  flow: "page" | "token" | "sbp";
  /** The hosted page, fixed at creation (the public URL may come from the creating request). */
  pageUrl: string;
  status: PaymentStatus;
  failureReason: string | undefined;
  createdAt: Date;
  /** Set while the "times out" card is being processed; the payment stays "pending" meanwhile. */
  processingSince: Date | undefined;
  card: CardFacts | undefined;
  cardToken: string | undefined;
  refundedAmount: number;
}

export interface Refund {
  id: string;
  paymentId: string;
  amount: number;
  status: "succeeded";
  createdAt: Date;
}

export function isFinal(status: PaymentStatus): boolean {
  return status === "succeeded" || status === "failed" || status === "canceled";
}

export function cardMask(last4: string): string {
  return `•• ${last4}`;
}
