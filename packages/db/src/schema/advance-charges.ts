import { char, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";

/** The start-of-month fee charge of an advance account: at most one per account and month. */
export const advanceCharges = pgTable(
  "advance_charges",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    period: char("period", { length: 7 }).notNull(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    amount: kopecks("amount").notNull(),
    createdAt: tstz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.period] })],
);
