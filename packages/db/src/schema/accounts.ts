import { char, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accountGroups } from "./account-groups";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";

export const accounts = pgTable("accounts", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  number: char("number", { length: 12 }).notNull().unique(),
  region: text("region").notNull(),
  groupId: uuid("group_id").references(() => accountGroups.id),
  status: text("status", { enum: ["active", "suspended", "closed"] })
    .notNull()
    .default("active"),
  /** null: the company's billing system applies. */
  billingSystem: text("billing_system", { enum: ["advance", "credit"] }),
  /** Cached sum of ledger_entries.amount; changed only by the ledger. */
  balance: kopecks("balance").notNull().default(0),
  /** The lowest balance transfers and charges by the customer may leave (negative = credit limit). */
  minBalance: kopecks("min_balance").notNull().default(0),
  contractNumber: text("contract_number"),
  address: text("address"),
  contactEmail: text("contact_email"),
  contactPhone: text("contact_phone"),
  createdAt: tstz("created_at").notNull().defaultNow(),
});
