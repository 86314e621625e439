import { jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";
import { users } from "./users";

export interface TransferTarget {
  account_id: string;
  amount: number;
}

/** A move of money between one company's own accounts (its ledger lines share operation_id). */
export const transfers = pgTable("transfers", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  fromAccountId: uuid("from_account_id")
    .notNull()
    .references(() => accounts.id),
  amount: kopecks("amount").notNull(),
  targets: jsonb("targets").$type<TransferTarget[]>().notNull(),
  idempotencyKey: text("idempotency_key").notNull(),
  operationId: uuid("operation_id").notNull(),
  createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: tstz("created_at").notNull(),
});
