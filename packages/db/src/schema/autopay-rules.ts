import { boolean, integer, pgTable, smallint, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";
import { users } from "./users";

/** A card saved at the acquirer: a token and a display mask, never the number. */
export const savedCards = pgTable("saved_cards", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  acquirer: text("acquirer").notNull(),
  token: text("token").notNull(),
  mask: text("mask"),
  /** Expiry as the acquirer reported it when the card was saved (1–12, four-digit year); null before migration 0029. */
  expiryMonth: smallint("expiry_month"),
  expiryYear: smallint("expiry_year"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  /** Removed by the customer: no longer listed nor charged; saving the same card again clears it. */
  removedAt: tstz("removed_at"),
});

export const autopayRules = pgTable("autopay_rules", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  accountId: uuid("account_id")
    .notNull()
    .references(() => accounts.id),
  kind: text("kind", { enum: ["threshold", "monthly_debt"] }).notNull(),
  threshold: kopecks("threshold"),
  amount: kopecks("amount"),
  dayOfMonth: integer("day_of_month"),
  savedCardId: uuid("saved_card_id")
    .notNull()
    .references(() => savedCards.id),
  monthlyLimit: kopecks("monthly_limit").notNull(),
  maxFailures: integer("max_failures").notNull().default(3),
  failures: integer("failures").notNull().default(0),
  enabled: boolean("enabled").notNull().default(true),
  disabledReason: text("disabled_reason"),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
  deletedAt: tstz("deleted_at"),
});
