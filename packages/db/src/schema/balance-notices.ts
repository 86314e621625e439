import { pgTable, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";

/** A negative-balance notice; an advance account is suspended only after one is open long enough. */
export const balanceNotices = pgTable("balance_notices", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  accountId: uuid("account_id")
    .notNull()
    .references(() => accounts.id),
  balance: kopecks("balance").notNull(),
  sentAt: tstz("sent_at").notNull(),
  resolvedAt: tstz("resolved_at"),
});
