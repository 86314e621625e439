import { nodeFetch } from "@lk/http-client";
import type { AcquirerPayment, AcquirerProvider, AcquirerRefund } from "../../provider";
import { AcquirerError } from "./errors";
import { createSandboxHttp } from "./http-client";
import { isPaymentWire, isRefundWire, toPayment, toRefund } from "./mapping";
import { verifySandboxNotification } from "./notification";
import { DEFAULT_TOLERANCE_SECONDS } from "./signature";

export interface SandboxProviderOptions {
  /** Where apps/acquirer-sandbox listens, e.g. http://localhost:3100. */
  baseUrl: string;
  shopId: string;
  /** Basic-auth password and notification HMAC secret (ACQUIRER_SECRET on the sandbox side). */
  secretKey: string;
  /** By default undici's `request` with keep-alive (`nodeFetch`): far less CPU per call than the global fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  retries?: number;
  /** How far a notification's timestamp may be from `now`; default 5 minutes. */
  toleranceSeconds?: number;
}

/** AcquirerProvider over the sandbox's HTTP API. */
export function createSandboxProvider(options: SandboxProviderOptions): AcquirerProvider {
  const request = createSandboxHttp({
    baseUrl: options.baseUrl,
    shopId: options.shopId,
    secretKey: options.secretKey,
    fetch: options.fetch ?? nodeFetch,
    timeoutMs: options.timeoutMs ?? 15_000,
    retries: options.retries ?? 2,
  });
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;

  const payment = (json: unknown): AcquirerPayment => {
    if (!isPaymentWire(json)) throw new AcquirerError("invalid_response", "unexpected payment shape");
    return toPayment(json);
  };
  const refund = (json: unknown): AcquirerRefund => {
    if (!isRefundWire(json)) throw new AcquirerError("invalid_response", "unexpected refund shape");
    return toRefund(json);
  };

  return {
    name: "sandbox",

    async createPayment(input) {
      const body = {
        amount: input.amount,
        currency: input.currency,
        description: input.description,
        order_id: input.orderId,
        notification_url: input.notificationUrl,
        ...(input.returnUrl ? { return_url: input.returnUrl } : {}),
        ...(input.saveCard ? { save_card: true } : {}),
        ...(input.method === "sbp" ? { payment_method: "sbp" } : {}),
        ...(input.locale === "en" ? { locale: "en" } : {}),
      };
      return payment(
        await request({ method: "POST", path: "/v1/payments", body, idempotencyKey: input.idempotencyKey }),
      );
    },

    async getPayment(id) {
      return payment(await request({ method: "GET", path: `/v1/payments/${encodeURIComponent(id)}` }));
    },

    async chargeSavedCard(input) {
      const body = {
        amount: input.amount,
        currency: input.currency,
        description: input.description,
        order_id: input.orderId,
        notification_url: input.notificationUrl,
        payment_method_token: input.cardToken,
      };
      return payment(
        await request({ method: "POST", path: "/v1/payments", body, idempotencyKey: input.idempotencyKey }),
      );
    },

    async refund(input) {
      const body = { payment_id: input.acquirerPaymentId, amount: input.amount };
      return refund(
        await request({ method: "POST", path: "/v1/refunds", body, idempotencyKey: input.idempotencyKey }),
      );
    },

    verifyNotification(rawBody, headers, now) {
      return verifySandboxNotification(rawBody, headers, now, options.secretKey, tolerance);
    },
  };
}
