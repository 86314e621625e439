import { sql } from "drizzle-orm";
import { bigint, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";
import { paymentRefunds, payments } from "./payments";

export const receiptKinds = ["sell", "sell_refund"] as const;
export type ReceiptKind = (typeof receiptKinds)[number];
export const receiptStatuses = ["pending", "registered", "failed"] as const;
export type ReceiptStatus = (typeof receiptStatuses)[number];

/** Fiscal receipts (54-ФЗ): one per payment and one per refund. Mirrors 0018_receipts.sql. */
export const receipts = pgTable("receipts", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** The human receipt number (sequence receipt_numbers). */
  number: bigint("number", { mode: "number" }).notNull().default(sql`nextval('receipt_numbers')`),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  paymentId: uuid("payment_id")
    .notNull()
    .references(() => payments.id),
  refundId: uuid("refund_id").references(() => paymentRefunds.id),
  kind: text("kind", { enum: receiptKinds }).notNull(),
  status: text("status", { enum: receiptStatuses }).notNull().default("pending"),
  amount: kopecks("amount").notNull(),
  settledAt: tstz("settled_at").notNull(),
  document: jsonb("document"),
  externalId: text("external_id").notNull(),
  provider: text("provider"),
  providerUuid: text("provider_uuid"),
  attempts: integer("attempts").notNull().default(0),
  nextAttemptAt: tstz("next_attempt_at").notNull(),
  lastError: text("last_error"),
  fnNumber: text("fn_number"),
  fdNumber: bigint("fd_number", { mode: "number" }),
  fpd: text("fpd"),
  fiscalAt: tstz("fiscal_at"),
  shiftNumber: integer("shift_number"),
  receiptInShift: integer("receipt_in_shift"),
  ecrRegistrationNumber: text("ecr_registration_number"),
  fnsSite: text("fns_site"),
  registeredAt: tstz("registered_at"),
  createdAt: tstz("created_at").notNull(),
  updatedAt: tstz("updated_at").notNull(),
});
export type ReceiptRow = typeof receipts.$inferSelect;
