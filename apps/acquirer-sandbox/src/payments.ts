import { SandboxError } from "./errors";
import { newId } from "./ids";
import type { Logger } from "./logger";
import type { Payment, PaymentMethod, Refund } from "./model";
import type { NotificationEvent, Notifier } from "./notifier";
import { newQrId, sbpBank, sbpLink } from "./sbp";
import { paymentJson, refundJson } from "./serialize";
import { fingerprint, type Store } from "./store";
import { cardBehaviour, cardBrand, INSUFFICIENT_FUNDS_FROM, THREE_DS_CODE } from "./test-cards";

export interface CreatePaymentInput {
  amount: number;
  currency: "RUB";
  description: string;
  orderId: string;
  returnUrl: string | undefined;
  notificationUrl: string;
  saveCard: boolean;
  method: PaymentMethod;
  /** The hosted page's language (`?lang=` on confirmation_url); Russian when absent. */
  locale?: "ru" | "en" | undefined;
}

export interface ChargeTokenInput {
  amount: number;
  currency: "RUB";
  description: string;
  orderId: string;
  notificationUrl: string;
  token: string;
}

interface Deps {
  store: Store;
  notifier: Notifier;
  logger: Logger;
  now: () => Date;
  secretOf: (shopId: string) => string;
  processingTimeoutMs: number;
  /** How long an SBP QR code can be paid. */
  sbpQrTtlMs: number;
  /** Base of SBP links (e.g. https://qr.nspk.ru); by default the sandbox's own «bank app» page. */
  sbpLinkBase: string | undefined;
}

/** The acquirer's state machine. Card digits come in as an argument and only the last 4 stay. */
export function createPayments(deps: Deps) {
  const { store, notifier, logger, now } = deps;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  function notify(p: Payment, type: NotificationEvent["type"], refund?: Refund): void {
    const event: NotificationEvent = {
      event_id: newId("evt"),
      type,
      occurred_at: now().toISOString(),
      payment: paymentJson(p),
      ...(refund ? { refund: refundJson(refund) } : {}),
    };
    notifier.send(p.notificationUrl, deps.secretOf(p.shopId), event);
  }

  function settle(p: Payment, status: "succeeded" | "failed", reason?: string): void {
    p.status = status;
    p.failureReason = reason;
    p.processingSince = undefined;
    if (status === "succeeded" && p.saveCard && p.card && !p.cardToken) {
      p.cardToken = newId("tok");
      store.savedCards.set(p.cardToken, { token: p.cardToken, shopId: p.shopId, ...p.card });
    }
    logger.info("payment settled", { paymentId: p.id, status, reason });
    notify(p, status === "succeeded" ? "payment.succeeded" : "payment.failed");
  }

  function newPayment(
    shopId: string,
    pageBase: string,
    fields: Omit<
      Payment,
      | "id"
      | "shopId"
      | "pageUrl"
      | "createdAt"
      | "status"
      | "failureReason"
      | "processingSince"
      | "cardToken"
      | "refundedAmount"
      | "sbp"
    >,
  ): Payment {
    const id = newId("pay");
    return {
      id,
      shopId,
      pageUrl: `${pageBase}/pay/${id}`,
      createdAt: now(),
      status: "pending",
      failureReason: undefined,
      processingSince: undefined,
      cardToken: undefined,
      refundedAmount: 0,
      sbp: undefined,
      ...fields,
    };
  }

  function get(shopId: string, id: string): Payment {
    const p = store.payments.get(id);
    // Another shop's payment is indistinguishable from a missing one.
    if (!p || p.shopId !== shopId) throw new SandboxError(404, "payment_not_found", "No such payment");
    return p;
  }

  /** For the hosted page, which has no shop credentials: the unguessable id is the capability. */
  function getForPage(id: string): Payment | undefined {
    const p = store.payments.get(id);
    return p?.flow === "page" ? p : undefined;
  }

  /** The «bank app» page's view of an SBP payment, by the QR id in its link. */
  function getForSbp(qrId: string): Payment | undefined {
    const id = store.sbpQrs.get(qrId);
    const p = id ? store.payments.get(id) : undefined;
    if (p) expireIfDue(p);
    return p;
  }

  /** An open SBP payment whose QR code has outlived its time fails as qr_expired. */
  function expireIfDue(p: Payment): boolean {
    if (!p.sbp || p.status !== "pending" || now().getTime() < p.sbp.expiresAt.getTime()) return false;
    settle(p, "failed", "qr_expired");
    return true;
  }

  /**
   * Fails every "times out" payment whose processing started at least processingTimeoutMs ago,
   * and every SBP payment whose QR code has expired.
   */
  function tick(): number {
    let expired = 0;
    for (const p of store.payments.values()) {
      if (p.processingSince && now().getTime() - p.processingSince.getTime() >= deps.processingTimeoutMs) {
        settle(p, "failed", "processing_timeout");
        expired++;
      } else if (expireIfDue(p)) expired++;
    }
    return expired;
  }

  /**
   * Runs tick() after `ms`, and again shortly while `open()` says the payment is still waiting: a
   * timer may fire a millisecond before the wall clock says the time is up (timers run on the
   * monotonic clock).
   */
  function armTimer(ms: number, open: () => boolean): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      tick();
      if (open()) armTimer(5, open);
    }, ms);
    timer.unref();
    timers.add(timer);
  }

  return {
    get(shopId: string, id: string): Payment {
      const p = get(shopId, id);
      expireIfDue(p);
      return p;
    },
    getForPage,
    getForSbp,
    tick,

    create(shopId: string, key: string, pageBase: string, { locale, ...input }: CreatePaymentInput) {
      // The page's language is not part of the request's identity: a replay may ask in another one.
      const { id, replayed } = store.idempotent(shopId, "payment", key, fingerprint(input), () => {
        const sbp = input.method === "sbp";
        const p = newPayment(shopId, pageBase, { ...input, flow: sbp ? "sbp" : "page", card: undefined });
        if (locale === "en") p.pageUrl += "?lang=en";
        if (sbp) {
          const qrId = newQrId();
          const expiresAt = new Date(p.createdAt.getTime() + deps.sbpQrTtlMs);
          const link = sbpLink(deps.sbpLinkBase ?? `${pageBase}/sbp`, qrId, p.amount);
          p.sbp = { qrId, payload: link, expiresAt, bankId: undefined, waiting: false };
          p.pageUrl = `${pageBase}/sbp/${qrId}${locale === "en" ? "?lang=en" : ""}`;
          store.sbpQrs.set(qrId, p.id);
          armTimer(deps.sbpQrTtlMs, () => p.status === "pending");
        }
        store.payments.set(p.id, p);
        logger.info("payment created", { paymentId: p.id, orderId: p.orderId, amount: p.amount });
        return p.id;
      });
      return { payment: get(shopId, id), replayed };
    },

    chargeToken(shopId: string, key: string, pageBase: string, input: ChargeTokenInput) {
      const { id, replayed } = store.idempotent(shopId, "payment", key, fingerprint(input), () => {
        const saved = store.savedCards.get(input.token);
        if (!saved || saved.shopId !== shopId) {
          throw new SandboxError(422, "token_not_found", "No saved card with this payment_method_token", [
            { field: "payment_method_token", code: "not_found", message: "Unknown token" },
          ]);
        }
        const { token, ...rest } = input;
        const p = newPayment(shopId, pageBase, {
          ...rest,
          returnUrl: undefined,
          saveCard: false,
          method: "card",
          flow: "token",
          card: {
            last4: saved.last4,
            brand: saved.brand,
            expiryMonth: saved.expiryMonth,
            expiryYear: saved.expiryYear,
          },
        });
        p.cardToken = token;
        store.payments.set(p.id, p);
        logger.info("saved card charge", { paymentId: p.id, orderId: p.orderId, last4: saved.last4 });
        if (p.amount >= INSUFFICIENT_FUNDS_FROM) settle(p, "failed", "insufficient_funds");
        else settle(p, "succeeded");
        return p.id;
      });
      return { payment: get(shopId, id), replayed };
    },

    cancel(shopId: string, id: string): Payment {
      const p = get(shopId, id);
      expireIfDue(p);
      if (p.status === "canceled") return p;
      if ((p.status !== "pending" && p.status !== "requires_action") || p.processingSince) {
        throw new SandboxError(409, "payment_not_cancelable", `A ${p.status} payment cannot be canceled`);
      }
      p.status = "canceled";
      logger.info("payment canceled", { paymentId: p.id });
      return p;
    },

    refund(shopId: string, key: string, input: { paymentId: string; amount: number }) {
      const { id, replayed } = store.idempotent(shopId, "refund", key, fingerprint(input), () => {
        const p = get(shopId, input.paymentId);
        if (p.status !== "succeeded") {
          throw new SandboxError(422, "payment_not_refundable", "Only a succeeded payment can be refunded");
        }
        if (input.amount > p.amount - p.refundedAmount) {
          throw new SandboxError(
            422,
            "refund_exceeds_payment",
            "Refund is more than captured minus refunded",
            [{ field: "amount", code: "too_large", message: `At most ${p.amount - p.refundedAmount}` }],
          );
        }
        const r: Refund = {
          id: newId("rf"),
          paymentId: p.id,
          amount: input.amount,
          status: "succeeded",
          createdAt: now(),
        };
        store.refunds.set(r.id, r);
        p.refundedAmount += r.amount;
        logger.info("refund succeeded", { refundId: r.id, paymentId: p.id, amount: r.amount });
        notify(p, "refund.succeeded", r);
        return r.id;
      });
      return { refund: store.refunds.get(id)!, replayed };
    },

    /** The payer submitted a (validated) card on the hosted page. `digits` is not kept. */
    submitCard(p: Payment, digits: string, expiry: { month: number; year: number }): void {
      if (p.status !== "pending" || p.processingSince) return; // double submit: state already moved on
      p.card = {
        last4: digits.slice(-4),
        brand: cardBrand(digits),
        expiryMonth: expiry.month,
        expiryYear: expiry.year,
      };
      const behaviour = cardBehaviour(digits);
      logger.info("card submitted", { paymentId: p.id, last4: p.card.last4, behaviour });
      if (behaviour === "succeed") settle(p, "succeeded");
      else if (behaviour === "decline" || behaviour === "unknown") settle(p, "failed", "card_declined");
      else if (behaviour === "three_ds") {
        p.status = "requires_action";
        notify(p, "payment.requires_action");
      } else {
        p.processingSince = now();
        armTimer(deps.processingTimeoutMs, () => p.status === "pending" && p.processingSince !== undefined);
      }
    },

    /**
     * The payer confirmed the transfer in `bankId`'s app: a test bank confirms, declines, or never
     * answers (the payment then waits until its QR code expires). Ignored once the payment moved on.
     */
    confirmSbp(p: Payment, bankId: string): void {
      if (!p.sbp || p.status !== "pending" || p.sbp.waiting || expireIfDue(p)) return;
      const bank = sbpBank(bankId);
      if (!bank) return;
      p.sbp.bankId = bank.id;
      logger.info("sbp confirmed by payer", { paymentId: p.id, bank: bank.id, behaviour: bank.behaviour });
      if (bank.behaviour === "confirm") settle(p, "succeeded");
      else if (bank.behaviour === "decline") settle(p, "failed", "sbp_bank_declined");
      else p.sbp.waiting = true;
    },

    /** The payer refused the transfer in the bank's app. */
    declineSbp(p: Payment): void {
      if (!p.sbp || p.status !== "pending" || p.sbp.waiting || expireIfDue(p)) return;
      logger.info("sbp declined by payer", { paymentId: p.id });
      settle(p, "failed", "sbp_payer_declined");
    },

    submit3ds(p: Payment, code: string): void {
      if (p.status !== "requires_action") return;
      if (code === THREE_DS_CODE) settle(p, "succeeded");
      else settle(p, "failed", "3ds_failed");
    },

    close(): void {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

export type Payments = ReturnType<typeof createPayments>;
