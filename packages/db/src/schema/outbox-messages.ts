import { integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tstz } from "./columns";
import { companies } from "./companies";
import { users } from "./users";

/**
 * What an e-mail attaches, by reference (0025_outbox_attachment.sql): the outbox worker renders it
 * when it sends, so the row stays small and the file is the same as the one people download.
 */
export type OutboxAttachment = { kind: "receipt_pdf"; receipt_id: string };

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
  attachment: jsonb("attachment").$type<OutboxAttachment>(),
  createdAt: tstz("created_at").notNull().defaultNow(),
  sentAt: tstz("sent_at"),
});
