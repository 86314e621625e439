import { bigserial, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tstz } from "./columns";
import { companies } from "./companies";
import { services } from "./services";
import { tariffs } from "./tariffs";

/**
 * Each interval of a service's life under one tariff and one status (valid_to null = current).
 * Billing pro-rates monthly fees over the `active` intervals that overlap the period.
 */
export const serviceTariffHistory = pgTable("service_tariff_history", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  serviceId: uuid("service_id")
    .notNull()
    .references(() => services.id),
  tariffId: uuid("tariff_id")
    .notNull()
    .references(() => tariffs.id),
  status: text("status", { enum: ["active", "suspended"] }).notNull(),
  validFrom: tstz("valid_from").notNull(),
  validTo: tstz("valid_to"),
  orderId: uuid("order_id"),
  createdAt: tstz("created_at").notNull().defaultNow(),
});
