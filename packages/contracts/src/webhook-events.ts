import { z } from "@hono/zod-openapi";
import { Currency, Kopecks, Timestamp, Uuid } from "./common";
import { DocumentItem } from "./documents";
import { Invoice } from "./invoices";
import { OrderDetail } from "./orders";
import { Payment } from "./payments";
import { PublicPayment } from "./public";

/**
 * The body of every webhook delivery, per event type: `{ type, timestamp, data }` (Standard
 * Webhooks' recommended shape). These schemas are the document's `webhooks` section and what the
 * SDK's `WebhookEvent` union is generated from; apps/api/test/webhook-events.test.ts delivers each
 * type once and validates the real body against them.
 */
const event = <T extends string, D extends z.ZodTypeAny>(
  type: T,
  data: D,
  name: string,
  description: string,
) =>
  z
    .object({
      type: z.literal(type),
      timestamp: Timestamp.openapi({ description: "When the event happened (ISO 8601, UTC)" }),
      data,
    })
    .openapi(name, { description });

export const BalanceLowData = z
  .object({
    account_id: Uuid,
    account_number: z.string(),
    balance: Kopecks.openapi({ description: "Kopecks; may be negative" }),
    threshold: Kopecks.openapi({
      description: "The balance below which the notice is sent: the account's minimum + 100 ₽",
    }),
    currency: Currency,
  })
  .openapi("BalanceLowData");

export const AccountSuspendedData = z
  .object({
    account_id: Uuid,
    account_number: z.string(),
    reason: z.enum(["overdue_invoice", "negative_balance", "promised_payment_unpaid"]).openapi({
      description:
        "`overdue_invoice`: credit, an invoice overdue past the grace period; `negative_balance`: advance, below the limit after the notice; `promised_payment_unpaid`: a promised payment expired unpaid",
    }),
    balance: Kopecks,
    currency: Currency,
    suspended_services: z.number().int().openapi({ description: "Services stopped with the account" }),
  })
  .openapi("AccountSuspendedData");

export const AccountResumedData = z
  .object({
    account_id: Uuid,
    account_number: z.string(),
    reason: z
      .enum(["payment", "transfer", "promised_payment"])
      .openapi({ description: "What brought the balance back" }),
    balance: Kopecks,
    currency: Currency,
    resumed_services: z.number().int(),
  })
  .openapi("AccountResumedData");

export const PromisedPaymentExpiringData = z
  .object({
    id: Uuid,
    account_id: Uuid,
    amount: Kopecks,
    expires_at: Timestamp,
  })
  .openapi("PromisedPaymentExpiringData");

export const WebhookTestData = z
  .object({ endpoint_id: Uuid, message: z.string() })
  .openapi("WebhookTestData");

/** A payment as a partner sees it, in its webhooks: the widget's shape plus a deprecated alias. */
export const PartnerPayment = PublicPayment.extend({
  paid_at: Timestamp.nullable().openapi({
    deprecated: true,
    description: "The same as `succeeded_at` (its earlier name); read `succeeded_at`",
  }),
}).openapi("PartnerPayment");

export const InvoiceIssuedEvent = event(
  "invoice.issued",
  Invoice,
  "InvoiceIssuedEvent",
  "An invoice was issued (the billing run); `data` is the invoice as `GET /v1/invoices/{id}` shows it, without lines. Its act and VAT invoice are issued with it.",
);
export const DocumentIssuedEvent = event(
  "document.issued",
  DocumentItem,
  "DocumentIssuedEvent",
  "A document was issued on its own (today: a bank-transfer payment invoice from `POST /v1/documents/payment-invoice`); `data` is the document as `GET /v1/documents` lists it.",
);
export const PaymentSucceededEvent = event(
  "payment.succeeded",
  Payment,
  "PaymentSucceededEvent",
  "A payment went through: the accounts are credited. `data` is the payment (`items[]`, `succeeded_at`).",
);
export const PaymentFailedEvent = event(
  "payment.failed",
  Payment,
  "PaymentFailedEvent",
  "A payment was declined or expired (`failure_reason`).",
);
export const PaymentRefundedEvent = event(
  "payment.refunded",
  Payment,
  "PaymentRefundedEvent",
  "A refund of (part of) a payment went through (`refunded_amount`).",
);
export const BalanceLowEvent = event(
  "balance.low",
  BalanceLowData,
  "BalanceLowEvent",
  "An account's balance fell below its threshold (once per episode).",
);
export const OrderCreatedEvent = event(
  "order.created",
  OrderDetail,
  "OrderCreatedEvent",
  "A service order was placed (in the cabinet or through the API).",
);
export const OrderUpdatedEvent = event(
  "order.updated",
  OrderDetail,
  "OrderUpdatedEvent",
  "An order changed status (the operator moved it, or the customer cancelled it).",
);
export const AccountSuspendedEvent = event(
  "account.suspended",
  AccountSuspendedData,
  "AccountSuspendedEvent",
  "An account was suspended for debt.",
);
export const AccountResumedEvent = event(
  "account.resumed",
  AccountResumedData,
  "AccountResumedEvent",
  "A suspended account works again.",
);
export const PromisedPaymentExpiringEvent = event(
  "promised_payment.expiring",
  PromisedPaymentExpiringData,
  "PromisedPaymentExpiringEvent",
  "A promised payment ends soon and is not repaid yet.",
);
export const WebhookTestEvent = event(
  "webhook.test",
  WebhookTestData,
  "WebhookTestEvent",
  "Only from `POST /v1/webhook-endpoints/{id}/test`, to that endpoint.",
);
export const PartnerPaymentSucceededEvent = event(
  "payment.succeeded",
  PartnerPayment,
  "PartnerPaymentSucceededEvent",
  "To a partner's `webhook_url`: a payment made through its widget went through.",
);
export const PartnerPaymentFailedEvent = event(
  "payment.failed",
  PartnerPayment,
  "PartnerPaymentFailedEvent",
  "To a partner's `webhook_url`: a payment made through its widget failed.",
);

/** Every company event by its type (the keys are the subscribable types, plus `webhook.test`). */
export const companyWebhookEvents = {
  "invoice.issued": InvoiceIssuedEvent,
  "document.issued": DocumentIssuedEvent,
  "payment.succeeded": PaymentSucceededEvent,
  "payment.failed": PaymentFailedEvent,
  "payment.refunded": PaymentRefundedEvent,
  "balance.low": BalanceLowEvent,
  "order.created": OrderCreatedEvent,
  "order.updated": OrderUpdatedEvent,
  "account.suspended": AccountSuspendedEvent,
  "account.resumed": AccountResumedEvent,
  "promised_payment.expiring": PromisedPaymentExpiringEvent,
  "webhook.test": WebhookTestEvent,
} as const;

/** What a partner's `webhook_url` receives. */
export const partnerWebhookEvents = {
  "payment.succeeded": PartnerPaymentSucceededEvent,
  "payment.failed": PartnerPaymentFailedEvent,
} as const;

export const WebhookEvent = z
  .discriminatedUnion("type", [
    InvoiceIssuedEvent,
    DocumentIssuedEvent,
    PaymentSucceededEvent,
    PaymentFailedEvent,
    PaymentRefundedEvent,
    BalanceLowEvent,
    OrderCreatedEvent,
    OrderUpdatedEvent,
    AccountSuspendedEvent,
    AccountResumedEvent,
    PromisedPaymentExpiringEvent,
    WebhookTestEvent,
  ])
  .openapi("WebhookEvent", { description: "Any delivery to a company's webhook endpoint, by `type`" });

export const PartnerWebhookEvent = z
  .discriminatedUnion("type", [PartnerPaymentSucceededEvent, PartnerPaymentFailedEvent])
  .openapi("PartnerWebhookEvent", { description: "Any delivery to a partner's `webhook_url`, by `type`" });
