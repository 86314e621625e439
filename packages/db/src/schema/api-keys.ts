import { boolean, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { tstz } from "./columns";
import { companies } from "./companies";
import { users } from "./users";

/** Integrator API keys (`sk_live_…` / `sk_test_…`); only the SHA-256 of a key is stored. */
export const apiKeys = pgTable("api_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  name: text("name").notNull(),
  keyHash: varchar("key_hash", { length: 64 }).notNull().unique(),
  displayPrefix: text("display_prefix").notNull(),
  live: boolean("live").notNull(),
  scopes: text("scopes").array().notNull().default([]),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: tstz("created_at").notNull().defaultNow(),
  lastUsedAt: tstz("last_used_at"),
  revokedAt: tstz("revoked_at"),
  revokedBy: uuid("revoked_by").references(() => users.id, { onDelete: "set null" }),
});

export type ApiKeyRow = typeof apiKeys.$inferSelect;
