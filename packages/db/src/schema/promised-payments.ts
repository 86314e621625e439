import { boolean, char, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";
import { users } from "./users";

/** Promised (advance) or trust (credit) payment; UNIQUE (account_id, month) = once a month. */
export const promisedPayments = pgTable("promised_payments", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  accountId: uuid("account_id")
    .notNull()
    .references(() => accounts.id),
  kind: text("kind", { enum: ["promised", "trust"] }).notNull(),
  amount: kopecks("amount").notNull(),
  month: char("month", { length: 7 }).notNull(),
  status: text("status", { enum: ["active", "repaid", "expired_unpaid"] })
    .notNull()
    .default("active"),
  expiresAt: tstz("expires_at").notNull(),
  expiringNoticeSent: boolean("expiring_notice_sent").notNull().default(false),
  createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: tstz("created_at").notNull(),
  closedAt: tstz("closed_at"),
});
