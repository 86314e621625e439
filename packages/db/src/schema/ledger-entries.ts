import { bigserial, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";

export const ledgerKinds = [
  "charge",
  "payment",
  "transfer_in",
  "transfer_out",
  "bonus",
  "promised_payment",
  "promised_repayment",
  "refund",
  "adjustment",
] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

/** Append-only (a trigger refuses UPDATE and DELETE). amount > 0 raises the balance. */
export const ledgerEntries = pgTable("ledger_entries", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  accountId: uuid("account_id")
    .notNull()
    .references(() => accounts.id),
  operationId: uuid("operation_id").notNull(),
  kind: text("kind", { enum: ledgerKinds }).notNull(),
  amount: kopecks("amount").notNull(),
  balanceAfter: kopecks("balance_after").notNull(),
  refType: text("ref_type"),
  refId: text("ref_id"),
  description: text("description").notNull(),
  effectiveAt: tstz("effective_at").notNull().defaultNow(),
  createdAt: tstz("created_at").notNull().defaultNow(),
});
