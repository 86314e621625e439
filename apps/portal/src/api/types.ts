import type { Schema } from "@lk/sdk";

// Shapes from the SDK's generated OpenAPI types where they exist. The few below are missing from
// packages/sdk/src/generated/openapi.ts (generated before their routes landed); they mirror the
// server's /openapi.json and go away once the SDK regenerates.

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

export type AccountDetail = Account & { services: Service[]; recent_ledger: LedgerLine[] };
export type OrderDetail = Order & { timeline: OrderEvent[] };
export type SupportRequestDetail = SupportRequest & { messages: SupportMessage[] };
export type CreatedApiKey = ApiKey & { key: string };
export type WebhookEndpointWithSecret = WebhookEndpoint & { secret: string };

export interface BalanceReport {
  from: string;
  to: string;
  opening_balance: number;
  charges: number;
  payments: number;
  other: number;
  closing_balance: number;
  by_kind: { kind: string; amount: number; entries: number }[];
}

export interface LkDocument {
  id: string;
  kind: "act" | "vat_invoice" | "upd" | "payment_invoice";
  number: string;
  date: string;
  period: string;
  account_id: string | null;
  account_number: string | null;
  title: string;
  total_amount: number;
  vat_amount: number;
}

export interface PaymentInvoice {
  id: string;
  number: string;
  issued_on: string;
  total_amount: number;
  vat_amount: number;
  lines: { account_id: string; account_number: string; amount: number }[];
  purpose: string;
  pdf_url: string;
}

export interface Reconciliation {
  from: string;
  to: string;
  seller: { name: string; inn: string; kpp: string };
  buyer: { name: string; inn: string; kpp: string | null };
  opening_balance: number;
  lines: { date: string; document: string; debit: number; credit: number }[];
  debit: number;
  credit: number;
  closing_balance: number;
}
