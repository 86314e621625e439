import { bigserial, customType, integer, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { tstz } from "./columns";
import { companies } from "./companies";
import { services } from "./services";
import { users } from "./users";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

export const supportStatuses = ["open", "waiting_for_customer", "resolved", "closed"] as const;
export type SupportStatus = (typeof supportStatuses)[number];

export const supportRequests = pgTable("support_requests", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  accountId: uuid("account_id").references(() => accounts.id),
  serviceId: uuid("service_id").references(() => services.id),
  subject: text("subject").notNull(),
  status: text("status", { enum: supportStatuses }).notNull().default("open"),
  authorUserId: uuid("author_user_id").references(() => users.id, { onDelete: "set null" }),
  authorType: text("author_type").notNull(),
  authorId: text("author_id"),
  createdAt: tstz("created_at").notNull(),
  updatedAt: tstz("updated_at").notNull(),
});

export const supportMessages = pgTable("support_messages", {
  id: uuid("id").primaryKey().defaultRandom(),
  requestId: uuid("request_id")
    .notNull()
    .references(() => supportRequests.id, { onDelete: "cascade" }),
  authorType: text("author_type", { enum: ["customer", "operator"] }).notNull(),
  authorId: text("author_id"),
  authorName: text("author_name").notNull(),
  body: text("body").notNull(),
  seq: bigserial("seq", { mode: "number" }).notNull(),
  createdAt: tstz("created_at").notNull(),
});

export const supportAttachments = pgTable("support_attachments", {
  id: uuid("id").primaryKey().defaultRandom(),
  requestId: uuid("request_id")
    .notNull()
    .references(() => supportRequests.id, { onDelete: "cascade" }),
  messageId: uuid("message_id")
    .notNull()
    .references(() => supportMessages.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  contentType: text("content_type").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  sha256: varchar("sha256", { length: 64 }).notNull(),
  content: bytea("content").notNull(),
  createdAt: tstz("created_at").notNull(),
});
