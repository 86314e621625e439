import { date, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";

export interface PaymentInvoiceLine {
  account_id: string;
  account_number: string;
  amount: number;
}

/** A bank-transfer invoice (счёт на оплату) over one or several accounts, made on request. */
export const paymentInvoices = pgTable("payment_invoices", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  year: integer("year").notNull(),
  seq: integer("seq").notNull(),
  number: text("number").notNull(),
  issuedOn: date("issued_on", { mode: "string" }).notNull(),
  totalAmount: kopecks("total_amount").notNull(),
  vatRateBp: integer("vat_rate_bp").notNull(),
  vatAmount: kopecks("vat_amount").notNull(),
  lines: jsonb("lines").$type<PaymentInvoiceLine[]>().notNull(),
  createdAt: tstz("created_at").notNull().defaultNow(),
});
