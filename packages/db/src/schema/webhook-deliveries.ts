import { integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tstz } from "./columns";
import { companies } from "./companies";
import { partners } from "./partners";
import { webhookEndpoints } from "./webhook-endpoints";

/** One event for one endpoint: the outbox row the webhook worker delivers and retries. */
export const webhookDeliveries = pgTable("webhook_deliveries", {
  id: uuid("id").primaryKey().defaultRandom(),
  eventId: text("event_id").notNull(),
  /** The owner: a company, or (partner_id instead) a partner (migration 0010). */
  companyId: uuid("company_id").references(() => companies.id),
  partnerId: uuid("partner_id").references(() => partners.id),
  endpointId: uuid("endpoint_id")
    .notNull()
    .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
  eventType: text("event_type").notNull(),
  payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
  status: text("status", { enum: ["pending", "succeeded", "failed"] })
    .notNull()
    .default("pending"),
  attempts: integer("attempts").notNull().default(0),
  nextAttemptAt: tstz("next_attempt_at"),
  lastAttemptAt: tstz("last_attempt_at"),
  lastStatusCode: integer("last_status_code"),
  lastError: text("last_error"),
  responseExcerpt: text("response_excerpt"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
