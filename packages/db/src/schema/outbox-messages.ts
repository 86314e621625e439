import { integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tstz } from "./columns";
import { companies } from "./companies";
import { users } from "./users";

export const outboxMessages = pgTable("outbox_messages", {
  id: uuid("id").primaryKey().defaultRandom(),
  channel: text("channel", { enum: ["email", "sms"] }).notNull(),
  recipient: text("recipient").notNull(),
  subject: text("subject"),
  body: text("body").notNull(),
  kind: text("kind").notNull(),
  companyId: uuid("company_id").references(() => companies.id),
  userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
  status: text("status", { enum: ["pending", "sent", "failed"] })
    .notNull()
    .default("pending"),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  sentAt: tstz("sent_at"),
});
