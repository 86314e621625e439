import { integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tstz } from "./columns";
import { companies } from "./companies";
import { partners } from "./partners";

/** A company's webhook receiver: URL, subscribed events and the `whsec_…` signing secret. */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** The owner: a company, or (partner_id instead) a partner's webhook URL (migration 0010). */
  companyId: uuid("company_id").references(() => companies.id),
  partnerId: uuid("partner_id").references(() => partners.id),
  url: text("url").notNull(),
  description: text("description"),
  events: text("events").array().notNull(),
  secret: text("secret").notNull(),
  previousSecret: text("previous_secret"),
  previousSecretExpiresAt: tstz("previous_secret_expires_at"),
  status: text("status", { enum: ["active", "disabled"] })
    .notNull()
    .default("active"),
  disabledReason: text("disabled_reason"),
  disabledAt: tstz("disabled_at"),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  failingSince: tstz("failing_since"),
  lastSuccessAt: tstz("last_success_at"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
  deletedAt: tstz("deleted_at"),
});

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
