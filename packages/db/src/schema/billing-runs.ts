import { char, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { kopecks, tstz } from "./columns";

export const billingRunStatuses = ["running", "completed", "failed"] as const;
export type BillingRunStatus = (typeof billingRunStatuses)[number];

/** One monthly billing run (or its resumption) with its progress. */
export const billingRuns = pgTable("billing_runs", {
  id: uuid("id").primaryKey().defaultRandom(),
  period: char("period", { length: 7 }).notNull(),
  status: text("status", { enum: billingRunStatuses }).notNull().default("running"),
  totalAccounts: integer("total_accounts").notNull().default(0),
  processedAccounts: integer("processed_accounts").notNull().default(0),
  invoicesCreated: integer("invoices_created").notNull().default(0),
  amountTotal: kopecks("amount_total").notNull().default(0),
  error: text("error"),
  startedBy: text("started_by"),
  startedAt: tstz("started_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
  finishedAt: tstz("finished_at"),
});
