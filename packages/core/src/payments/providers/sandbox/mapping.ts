import type {
  AcquirerNotification,
  AcquirerPayment,
  AcquirerPaymentStatus,
  AcquirerRefund,
} from "../../provider";

/** Wire shapes of the sandbox API (snake_case), as far as the adapter reads them. */
export interface PaymentWire {
  id: string;
  order_id: string;
  status: AcquirerPaymentStatus;
  amount: number;
  confirmation_url?: string;
  failure_reason?: string;
  card_token?: string;
  card_mask?: string;
  card_expiry_month?: number;
  card_expiry_year?: number;
  sbp_qr?: { payload: string; expires_at: string };
}

export interface RefundWire {
  id: string;
  payment_id: string;
  amount: number;
  status: "succeeded" | "failed";
}

export interface NotificationWire {
  event_id: string;
  type: AcquirerNotification["type"];
  occurred_at: string;
  payment: PaymentWire;
}

const STATUSES: readonly string[] = ["pending", "requires_action", "succeeded", "failed", "canceled"];
const EVENT_TYPES: readonly string[] = [
  "payment.succeeded",
  "payment.failed",
  "payment.requires_action",
  "refund.succeeded",
];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Narrow check of what we rely on; anything else in the body is ignored. */
export function isPaymentWire(v: unknown): v is PaymentWire {
  return (
    isObject(v) &&
    typeof v.id === "string" &&
    typeof v.order_id === "string" &&
    typeof v.status === "string" &&
    STATUSES.includes(v.status) &&
    Number.isSafeInteger(v.amount)
  );
}

export function isRefundWire(v: unknown): v is RefundWire {
  return (
    isObject(v) &&
    typeof v.id === "string" &&
    typeof v.payment_id === "string" &&
    Number.isSafeInteger(v.amount) &&
    (v.status === "succeeded" || v.status === "failed")
  );
}

export function isNotificationWire(v: unknown): v is NotificationWire {
  return (
    isObject(v) &&
    typeof v.event_id === "string" &&
    typeof v.type === "string" &&
    EVENT_TYPES.includes(v.type) &&
    typeof v.occurred_at === "string" &&
    !Number.isNaN(Date.parse(v.occurred_at)) &&
    isPaymentWire(v.payment)
  );
}

function isQr(v: unknown): v is { payload: string; expires_at: string } {
  return (
    isObject(v) &&
    typeof v.payload === "string" &&
    typeof v.expires_at === "string" &&
    !Number.isNaN(Date.parse(v.expires_at))
  );
}

/** The card's expiry when the acquirer sent a sane one (month 1–12, a four-digit year); else none. */
function cardExpiry(w: PaymentWire): { month: number; year: number } | undefined {
  const month = w.card_expiry_month;
  const year = w.card_expiry_year;
  if (!Number.isInteger(month) || !Number.isInteger(year)) return undefined;
  if (month! < 1 || month! > 12 || year! < 2000 || year! > 2099) return undefined;
  return { month: month!, year: year! };
}

export function toPayment(w: PaymentWire): AcquirerPayment {
  return {
    id: w.id,
    orderId: w.order_id,
    status: w.status,
    amount: w.amount,
    ...(w.confirmation_url ? { confirmationUrl: w.confirmation_url } : {}),
    ...(w.failure_reason ? { failureReason: w.failure_reason } : {}),
    ...(w.card_token ? { cardToken: w.card_token } : {}),
    ...(w.card_mask ? { cardMask: w.card_mask } : {}),
    ...(cardExpiry(w) ? { cardExpiry: cardExpiry(w) } : {}),
    ...(isQr(w.sbp_qr)
      ? { qr: { payload: w.sbp_qr.payload, expiresAt: new Date(w.sbp_qr.expires_at) } }
      : {}),
  };
}

export function toRefund(w: RefundWire): AcquirerRefund {
  return { id: w.id, acquirerPaymentId: w.payment_id, amount: w.amount, status: w.status };
}

export function toNotification(w: NotificationWire): AcquirerNotification {
  return {
    eventId: w.event_id,
    type: w.type,
    payment: toPayment(w.payment),
    occurredAt: new Date(w.occurred_at),
  };
}
