import { bigint, date, integer, jsonb, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";
import { payments } from "./payments";

/** Mirrors 0015_bank_statements.sql (issue #15, ADR 0071). */
export const bankStatementImports = pgTable("bank_statement_imports", {
  id: uuid("id").primaryKey().defaultRandom(),
  format: text("format", { enum: ["1c", "camt053"] }).notNull(),
  fileName: text("file_name"),
  fileSha256: varchar("file_sha256", { length: 64 }).notNull(),
  report: jsonb("report").notNull(),
  createdAt: tstz("created_at").notNull(),
});

export const bankDocumentStatuses = ["credited", "unallocated", "queued", "returned"] as const;
export type BankDocumentStatus = (typeof bankDocumentStatuses)[number];

export const bankDocuments = pgTable("bank_documents", {
  id: uuid("id").primaryKey().defaultRandom(),
  naturalKey: text("natural_key").notNull().unique(),
  importId: uuid("import_id")
    .notNull()
    .references(() => bankStatementImports.id),
  line: integer("line").notNull(),
  number: text("number").notNull(),
  docDate: date("doc_date", { mode: "string" }).notNull(),
  receivedOn: date("received_on", { mode: "string" }),
  amount: kopecks("amount").notNull(),
  payerName: text("payer_name"),
  payerInn: text("payer_inn"),
  payerKpp: text("payer_kpp"),
  payerAccount: text("payer_account"),
  recipientAccount: text("recipient_account").notNull(),
  purpose: text("purpose").notNull().default(""),
  status: text("status", { enum: bankDocumentStatuses }).notNull(),
  queueReason: text("queue_reason"),
  companyId: uuid("company_id").references(() => companies.id),
  paymentId: uuid("payment_id").references(() => payments.id),
  resolvedAt: tstz("resolved_at"),
  createdAt: tstz("created_at").notNull(),
});

export const unallocatedEntries = pgTable("unallocated_entries", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  amount: kopecks("amount").notNull(),
  balanceAfter: kopecks("balance_after").notNull(),
  bankDocumentId: uuid("bank_document_id").references(() => bankDocuments.id),
  paymentId: uuid("payment_id").references(() => payments.id),
  description: text("description").notNull(),
  createdAt: tstz("created_at").notNull(),
});

export const companyUnallocated = pgTable("company_unallocated", {
  companyId: uuid("company_id")
    .primaryKey()
    .references(() => companies.id),
  balance: kopecks("balance").notNull().default(0),
});
