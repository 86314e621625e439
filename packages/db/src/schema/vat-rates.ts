import { date, integer, pgTable } from "drizzle-orm/pg-core";

/** VAT rates as dated data (basis points: 2000 = 20 %); valid_to null = still valid. */
export const vatRates = pgTable("vat_rates", {
  validFrom: date("valid_from", { mode: "string" }).primaryKey(),
  validTo: date("valid_to", { mode: "string" }),
  rateBp: integer("rate_bp").notNull(),
});
