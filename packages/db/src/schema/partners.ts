import { boolean, integer, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { kopecks, tstz } from "./columns";

/** Partner sites embedding the payment widgets (issue #7). Mirrors 0008_partners.sql. */
export const partners = pgTable("partners", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  publishableKey: text("publishable_key").notNull().unique(),
  live: boolean("live").notNull(),
  allowedOrigins: text("allowed_origins").array().notNull().default([]),
  cardCommissionBp: integer("card_commission_bp"),
  cardCommissionMin: kopecks("card_commission_min").notNull().default(0),
  sbpCommissionBp: integer("sbp_commission_bp"),
  sbpCommissionMin: kopecks("sbp_commission_min").notNull().default(0),
  secretKeyHash: varchar("secret_key_hash", { length: 64 }).notNull().unique(),
  secretKeyPrefix: text("secret_key_prefix").notNull(),
  webhookUrl: text("webhook_url"),
  webhookSecret: text("webhook_secret").notNull(),
  status: text("status", { enum: ["active", "disabled"] })
    .notNull()
    .default("active"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

export type PartnerRow = typeof partners.$inferSelect;
