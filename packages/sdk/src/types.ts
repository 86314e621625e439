/**
 * The one place resource types come from. Every alias looks its shape up in the types generated
 * from the server's OpenAPI document (src/generated/openapi.ts, see scripts/generate.ts) and only
 * falls back to a loose shape while that document lacks it — so nothing here is a hand-copied model.
 */
import type { components, paths } from "./generated/openapi";

type Schemas = components extends { schemas: infer S } ? S : Record<never, never>;
type Paths = paths;

/** Anything the server returns that has an id, until its schema is generated. */
export type Loose = { id: string; [field: string]: unknown };
export type QueryValue = string | number | boolean | Date | null | undefined | readonly (string | number)[];
/** Every list takes `limit` (≤ 1000) and filters named in the API reference. */
export type ListFilter = { limit?: number; [filter: string]: QueryValue };

/** Component schema `N` (as named with `.openapi("N")` in @lk/contracts), or `F` until generated. */
export type Schema<N extends string, F = Loose> = N extends keyof Schemas ? Schemas[N] : F;

type Op<P extends string, M extends string> = P extends keyof Paths
  ? M extends keyof Paths[P]
    ? Paths[P][M]
    : never
  : never;

/** String query parameters also take a `Date`: the transport sends it as ISO 8601. */
type WithDates<Q> = { [K in keyof Q]: Q[K] extends string | undefined ? Q[K] | Date : Q[K] };

/** Query parameters of `M path` (cursor is the SDK's business), or `F` until generated. */
export type QueryOf<P extends string, F = ListFilter, M extends string = "get"> = [Op<P, M>] extends [never]
  ? F
  : Op<P, M> extends { parameters: { query?: infer Q } }
    ? WithDates<Omit<NonNullable<Q>, "cursor">>
    : F;

/** JSON request body of `M path`, or `F` until generated. */
export type BodyOf<P extends string, M extends string, F = Record<string, unknown>> = [Op<P, M>] extends [
  never,
]
  ? F
  : Op<P, M> extends { requestBody?: { content: { "application/json": infer B } } }
    ? B
    : F;

// The names below are the contract's schema names; switching a fallback off is automatic.
export type SignInRequest = BodyOf<"/v1/auth/sign-in", "post", { login: string; password: string }>;
export type Session = Schema<
  "Session",
  { access_token: string; refresh_token: string; expires_in: number; password_change_required: boolean }
>;
export type Me = Schema<"Me">;
export type User = Schema<"User">;
export type Account = Schema<"Account">;
export type AccountDetail = Schema<"AccountDetail", Account>;
export type Group = Schema<"Group">;
export type Call = Schema<"Call">;
export type CallStats = Schema<"CallStats", Record<string, unknown>>;
export type Document = Schema<"Document">;
export type Invoice = Schema<"Invoice">;
export type InvoiceDetail = Schema<"InvoiceDetail", Invoice>;
export type Payment = Schema<"Payment">;
export type ApiKey = Schema<"ApiKey">;
export type WebhookEndpoint = Schema<"WebhookEndpoint">;
export type WebhookDelivery = Schema<"WebhookDelivery">;

// Names for what integrators hover over and switch on (the contract's schema names).
export type PaymentStatus = Schema<"PaymentStatus", string>;
export type PaymentItem = Schema<"PaymentItem", Record<string, unknown>>;
export type PublicPayment = Schema<"PublicPayment">;
export type PartnerPayment = Schema<"PartnerPayment">;
export type Order = Schema<"Order">;
export type OrderDetail = Schema<"OrderDetail">;
export type BalanceReport = Schema<"BalanceReport", Record<string, unknown>>;
export type ChargesByGroupReport = Schema<"ChargesByGroupReport", Record<string, unknown>>;
export type Transfer = Schema<"Transfer">;

/** A company webhook delivery, by `type` (the document's `webhooks`); switching on `type` narrows `data`. */
export type WebhookEvent =
  | Schema<"InvoiceIssuedEvent", never>
  | Schema<"DocumentIssuedEvent", never>
  | Schema<"PaymentSucceededEvent", never>
  | Schema<"PaymentFailedEvent", never>
  | Schema<"PaymentRefundedEvent", never>
  | Schema<"BalanceLowEvent", never>
  | Schema<"OrderCreatedEvent", never>
  | Schema<"OrderUpdatedEvent", never>
  | Schema<"AccountSuspendedEvent", never>
  | Schema<"AccountResumedEvent", never>
  | Schema<"PromisedPaymentExpiringEvent", never>
  | Schema<"WebhookTestEvent", never>;
/** A delivery to a partner's `webhook_url`. */
export type PartnerWebhookEvent =
  | Schema<"PartnerPaymentSucceededEvent", never>
  | Schema<"PartnerPaymentFailedEvent", never>;
export type WebhookEventType = WebhookEvent["type"];
