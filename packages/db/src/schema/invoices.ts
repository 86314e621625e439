import { char, date, integer, numeric, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { billingRuns } from "./billing-runs";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";

export const invoiceStatuses = ["issued", "paid", "overdue"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];
export const invoiceKinds = ["advance", "credit"] as const;
export type InvoiceKind = (typeof invoiceKinds)[number];
export const invoiceLineKinds = ["fee", "calls", "equipment_rent", "other"] as const;
export type InvoiceLineKind = (typeof invoiceLineKinds)[number];

/** One invoice per account and period (the act and VAT invoice share its number and date). */
export const invoices = pgTable("invoices", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  accountId: uuid("account_id")
    .notNull()
    .references(() => accounts.id),
  period: char("period", { length: 7 }).notNull(),
  kind: text("kind", { enum: invoiceKinds }).notNull(),
  year: integer("year").notNull(),
  seq: integer("seq").notNull(),
  number: text("number").notNull(),
  issuedOn: date("issued_on", { mode: "string" }).notNull(),
  dueOn: date("due_on", { mode: "string" }).notNull(),
  status: text("status", { enum: invoiceStatuses }).notNull().default("issued"),
  netAmount: kopecks("net_amount").notNull(),
  vatAmount: kopecks("vat_amount").notNull(),
  totalAmount: kopecks("total_amount").notNull(),
  chargedAmount: kopecks("charged_amount").notNull(),
  /** Kopecks of credits that named no invoice, spread over it oldest-first (invoices/settle.ts). */
  settledAmount: kopecks("settled_amount").notNull().default(0),
  runId: uuid("run_id").references(() => billingRuns.id),
  paidAt: tstz("paid_at"),
  overdueAt: tstz("overdue_at"),
  createdAt: tstz("created_at").notNull().defaultNow(),
});

export const invoiceLines = pgTable(
  "invoice_lines",
  {
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    lineNo: integer("line_no").notNull(),
    kind: text("kind", { enum: invoiceLineKinds }).notNull(),
    description: text("description").notNull(),
    serviceId: uuid("service_id"),
    destinationType: text("destination_type"),
    quantity: numeric("quantity", { precision: 14, scale: 4 }).notNull(),
    unit: text("unit").notNull(),
    periodFrom: date("period_from", { mode: "string" }).notNull(),
    periodTo: date("period_to", { mode: "string" }).notNull(),
    netAmount: kopecks("net_amount").notNull(),
    vatRateBp: integer("vat_rate_bp").notNull(),
    vatAmount: kopecks("vat_amount").notNull(),
    totalAmount: kopecks("total_amount").notNull(),
  },
  (t) => [primaryKey({ columns: [t.invoiceId, t.lineNo] })],
);
