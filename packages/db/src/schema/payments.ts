import { boolean, char, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { autopayRules } from "./autopay-rules";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";
import { invoices } from "./invoices";
import { users } from "./users";

export const paymentStatuses = [
  "pending",
  "requires_action",
  "succeeded",
  "failed",
  "canceled",
  "refunded",
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];
/** Where a payment came from: our pages and jobs, a bank statement, a payment agent, the operator. */
export const paymentSources = ["cabinet", "public", "autopay", "bonus", "bank", "agent", "operator"] as const;
export type PaymentSource = (typeof paymentSources)[number];
/** How it was paid (the channel a person reads in the history). Widened by 0014_payment_channels.sql. */
export const paymentMethods = ["card", "saved_card", "bonus", "sbp", "bank_transfer", "agent"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** A payment over one or several accounts/invoices (issue #5). Mirrors 0006_payments.sql. */
export const payments = pgTable("payments", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  source: text("source", { enum: paymentSources }).notNull(),
  method: text("method", { enum: paymentMethods }).notNull(),
  status: text("status", { enum: paymentStatuses }).notNull().default("pending"),
  amount: kopecks("amount").notNull(),
  commission: kopecks("commission").notNull().default(0),
  bonusAmount: kopecks("bonus_amount").notNull().default(0),
  chargedAmount: kopecks("charged_amount").notNull(),
  refundedAmount: kopecks("refunded_amount").notNull().default(0),
  currency: char("currency", { length: 3 }).notNull().default("RUB"),
  description: text("description").notNull(),
  idempotencyKey: text("idempotency_key").notNull(),
  acquirer: text("acquirer"),
  acquirerPaymentId: text("acquirer_payment_id").unique(),
  confirmationUrl: text("confirmation_url"),
  /** SBP: the QR code's link and its expiry (0017_sbp_qr.sql). */
  qrPayload: text("qr_payload"),
  qrExpiresAt: tstz("qr_expires_at"),
  returnUrl: text("return_url"),
  saveCard: boolean("save_card").notNull().default(false),
  cardMask: text("card_mask"),
  failureReason: text("failure_reason"),
  receiptEmail: text("receipt_email"),
  receiptPhone: text("receipt_phone"),
  createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
  partnerId: text("partner_id"),
  autopayRuleId: uuid("autopay_rule_id").references(() => autopayRules.id),
  autopayRunKey: text("autopay_run_key"),
  statusChangedAt: tstz("status_changed_at"),
  succeededAt: tstz("succeeded_at"),
  createdAt: tstz("created_at").notNull(),
  updatedAt: tstz("updated_at").notNull(),
});

export const paymentItems = pgTable(
  "payment_items",
  {
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id),
    position: integer("position").notNull(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    invoiceId: uuid("invoice_id").references(() => invoices.id),
    amount: kopecks("amount").notNull(),
    bonusAmount: kopecks("bonus_amount").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.paymentId, t.position] })],
);

export const paymentEvents = pgTable("payment_events", {
  eventId: text("event_id").primaryKey(),
  paymentId: uuid("payment_id").references(() => payments.id),
  type: text("type").notNull(),
  occurredAt: tstz("occurred_at").notNull(),
  outcome: text("outcome").notNull(),
  receivedAt: tstz("received_at").notNull(),
});

export const paymentRefunds = pgTable("payment_refunds", {
  id: uuid("id").primaryKey().defaultRandom(),
  paymentId: uuid("payment_id")
    .notNull()
    .references(() => payments.id),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  amount: kopecks("amount").notNull(),
  status: text("status", { enum: ["pending", "succeeded", "failed"] })
    .notNull()
    .default("pending"),
  idempotencyKey: text("idempotency_key").notNull(),
  acquirerRefundId: text("acquirer_refund_id"),
  createdAt: tstz("created_at").notNull(),
  updatedAt: tstz("updated_at").notNull(),
});

export const companyPaymentSettings = pgTable("company_payment_settings", {
  companyId: uuid("company_id")
    .primaryKey()
    .references(() => companies.id),
  trustPaymentAllowed: boolean("trust_payment_allowed").notNull().default(false),
  bonusPercentBp: integer("bonus_percent_bp"),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});
