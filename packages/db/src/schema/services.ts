import { pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { tstz } from "./columns";
import { companies } from "./companies";
import { serviceKinds, tariffs } from "./tariffs";

export const serviceStatuses = ["pending", "active", "suspended", "disconnected"] as const;

export const services = pgTable("services", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  accountId: uuid("account_id")
    .notNull()
    .references(() => accounts.id),
  tariffId: uuid("tariff_id")
    .notNull()
    .references(() => tariffs.id),
  kind: text("kind", { enum: serviceKinds }).notNull(),
  /** Phone number (+7…), login, or line id the customer knows the service by. */
  identifier: text("identifier").notNull(),
  status: text("status", { enum: serviceStatuses }).notNull().default("pending"),
  connectedAt: tstz("connected_at"),
  disconnectedAt: tstz("disconnected_at"),
  createdAt: tstz("created_at").notNull().defaultNow(),
});
