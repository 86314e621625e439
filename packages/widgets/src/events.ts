import type { AccountLookup, Invoice, Payment } from "./api/types";

/*
 * Typed events. Each bubbles and is composed, so a listener on the partner's page (outside the shadow
 * root) hears it; `detail` carries the data so plain `CustomEvent` listeners work too.
 */
const init = { bubbles: true, composed: true } as const;

/** The element is defined, rendered and ready for input. */
export class LkReadyEvent extends CustomEvent<{ tagName: string }> {
  static readonly eventName = "lk-ready";
  constructor(tagName: string) {
    super(LkReadyEvent.eventName, { ...init, detail: { tagName } });
  }
}

/** The account was found (holder masked by the server). */
export class LkAccountFoundEvent extends CustomEvent<{ account: AccountLookup }> {
  static readonly eventName = "lk-account-found";
  constructor(account: AccountLookup) {
    super(LkAccountFoundEvent.eventName, { ...init, detail: { account } });
  }
}

/** The invoice was found. */
export class LkInvoiceFoundEvent extends CustomEvent<{ invoice: Invoice }> {
  static readonly eventName = "lk-invoice-found";
  constructor(invoice: Invoice) {
    super(LkInvoiceFoundEvent.eventName, { ...init, detail: { invoice } });
  }
}

/** The payment was created; the acquirer's page is about to be shown. */
export class LkPaymentCreatedEvent extends CustomEvent<{ payment: Payment }> {
  static readonly eventName = "lk-payment-created";
  constructor(payment: Payment) {
    super(LkPaymentCreatedEvent.eventName, { ...init, detail: { payment } });
  }
}

/** Our API says the payment succeeded (never the acquirer's page alone). */
export class LkPaymentSucceededEvent extends CustomEvent<{ payment: Payment; receiptNumber: string | null }> {
  static readonly eventName = "lk-payment-succeeded";
  constructor(payment: Payment) {
    super(LkPaymentSucceededEvent.eventName, {
      ...init,
      detail: { payment, receiptNumber: payment.receipt_number },
    });
  }
}

/** Our API says the payment failed or was canceled. */
export class LkPaymentFailedEvent extends CustomEvent<{ payment: Payment; reason: string }> {
  static readonly eventName = "lk-payment-failed";
  constructor(payment: Payment) {
    super(LkPaymentFailedEvent.eventName, {
      ...init,
      detail: { payment, reason: payment.failure_reason ?? payment.status },
    });
  }
}

/** A request failed (not found, rate limited, network, validation); `code` is the API's stable code. */
export class LkErrorEvent extends CustomEvent<{ code: string; status: number; message: string }> {
  static readonly eventName = "lk-error";
  constructor(code: string, status: number, message: string) {
    super(LkErrorEvent.eventName, { ...init, detail: { code, status, message } });
  }
}

declare global {
  interface HTMLElementEventMap {
    "lk-ready": LkReadyEvent;
    "lk-account-found": LkAccountFoundEvent;
    "lk-invoice-found": LkInvoiceFoundEvent;
    "lk-payment-created": LkPaymentCreatedEvent;
    "lk-payment-succeeded": LkPaymentSucceededEvent;
    "lk-payment-failed": LkPaymentFailedEvent;
    "lk-error": LkErrorEvent;
  }
}
