import { bigserial, boolean, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { kopecks, tstz } from "./columns";
import { companies } from "./companies";
import { users } from "./users";

/** In-app notices, one row per user; UNIQUE (user_id, dedupe_key) makes producers idempotent. */
export const notifications = pgTable("notifications", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  kind: text("kind").notNull(),
  titleRu: text("title_ru").notNull(),
  titleEn: text("title_en").notNull(),
  bodyRu: text("body_ru").notNull(),
  bodyEn: text("body_en").notNull(),
  data: jsonb("data").$type<Record<string, unknown>>(),
  dedupeKey: text("dedupe_key").notNull(),
  inApp: boolean("in_app").notNull().default(true),
  readAt: tstz("read_at"),
  createdAt: tstz("created_at").notNull(),
  /** Insertion order: breaks ties of created_at (one run's notices share it), migration 0028. */
  seq: bigserial("seq", { mode: "number" }).notNull(),
});

export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    inApp: boolean("in_app").notNull().default(true),
    email: boolean("email").notNull().default(true),
    threshold: kopecks("threshold"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);
