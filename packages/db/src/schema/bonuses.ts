import { bigserial, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";
import { payments } from "./payments";

/** Cached bonus balance (= sum of bonus_entries); the row is locked to spend. */
export const bonusBalances = pgTable("bonus_balances", {
  companyId: uuid("company_id")
    .primaryKey()
    .references(() => companies.id),
  balance: kopecks("balance").notNull().default(0),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

export const bonusEntries = pgTable("bonus_entries", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  kind: text("kind", { enum: ["accrual", "spend", "release", "adjustment"] }).notNull(),
  amount: kopecks("amount").notNull(),
  balanceAfter: kopecks("balance_after").notNull(),
  paymentId: uuid("payment_id").references(() => payments.id),
  description: text("description").notNull(),
  createdAt: tstz("created_at").notNull(),
});
