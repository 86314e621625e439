import type { Schema } from "@lk/sdk";

// Shapes only from the SDK's types generated from the API's OpenAPI document: nothing here is a
// hand-copied model, so a contract change shows up in `pnpm typecheck`.

export type Me = Schema<"Me">;
export type Role = Me["role"];
export type Account = Schema<"Account">;
export type Group = Schema<"Group">;
export type Service = Schema<"Service">;
export type LedgerLine = Schema<"LedgerLine">;
export type Payment = Schema<"Payment">;
export type Invoice = Schema<"Invoice">;
export type Transfer = Schema<"Transfer">;
export type PromisedPaymentInfo = Schema<"PromisedPaymentInfo">;
export type AutopayRule = Schema<"AutopayRule">;
export type SavedCard = Schema<"SavedCard">;
export type Bonuses = Schema<"Bonuses">;
export type Call = Schema<"Call">;
export type CallsSummary = Schema<"CallsSummary">;
export type CallStats = Schema<"CallStats">;
export type Traffic = Schema<"Traffic">;
export type Order = Schema<"Order">;
export type OrderEvent = Schema<"OrderEvent">;
export type Tariff = Schema<"Tariff">;
export type SupportRequest = Schema<"SupportRequest">;
export type SupportMessage = Schema<"SupportMessage">;
export type User = Schema<"User">;
export type Invitation = Schema<"Invitation">;
export type IssuedCredentials = Schema<"IssuedCredentials">;
export type ApiKey = Schema<"ApiKey">;
export type WebhookEndpoint = Schema<"WebhookEndpoint">;
export type WebhookDelivery = Schema<"WebhookDelivery">;
export type NotificationPreference = Schema<"NotificationPreference">;
export type Notification = Schema<"Notification">;

export type AuditEntry = Schema<"AuditEntry">;
export type BonusEntry = Schema<"BonusEntry">;
export type BalanceReport = Schema<"BalanceReport">;
export type ChargesByGroupReport = Schema<"ChargesByGroupReport">;
export type LkDocument = Schema<"Document">;
export type PaymentInvoice = Schema<"PaymentInvoice">;
export type Reconciliation = Schema<"Reconciliation">;
export type LinkChallenge = Schema<"LinkChallenge">;
export type AccountDetail = Schema<"AccountDetail">;
export type OrderDetail = Schema<"OrderDetail">;
export type SupportRequestDetail = Schema<"SupportRequestDetail">;
export type CreatedApiKey = Schema<"CreatedApiKey">;
export type WebhookEndpointWithSecret = Schema<"WebhookEndpointWithSecret">;
export type ApplicationStatus = Schema<"ApplicationStatus">;
export type OutboxMessage = Schema<"OutboxMessage">;
export type Unallocated = Schema<"Unallocated">;
