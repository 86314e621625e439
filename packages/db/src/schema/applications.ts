import { bigint, customType, integer, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { tstz } from "./columns";
import { companies } from "./companies";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

export const applications = pgTable("applications", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** What people read and quote: «Заявка № 1001». */
  number: bigint("number", { mode: "number" }).notNull().generatedByDefaultAsIdentity(),
  /** sha256 of the secret in the applicant's status link. */
  statusTokenHash: varchar("status_token_hash", { length: 64 }),
  status: text("status", { enum: ["pending", "approved", "rejected"] })
    .notNull()
    .default("pending"),
  companyName: text("company_name").notNull(),
  inn: varchar("inn", { length: 12 }).notNull(),
  kpp: varchar("kpp", { length: 9 }),
  ogrn: varchar("ogrn", { length: 15 }),
  legalAddress: text("legal_address").notNull(),
  billingSystem: text("billing_system", { enum: ["advance", "credit"] })
    .notNull()
    .default("advance"),
  contactName: text("contact_name").notNull(),
  contactEmail: text("contact_email").notNull(),
  contactPhone: text("contact_phone").notNull(),
  comment: text("comment"),
  rejectReason: text("reject_reason"),
  companyId: uuid("company_id").references(() => companies.id),
  reviewedAt: tstz("reviewed_at"),
  reviewedBy: text("reviewed_by"),
  createdAt: tstz("created_at").notNull().defaultNow(),
});

export const applicationFiles = pgTable("application_files", {
  id: uuid("id").primaryKey().defaultRandom(),
  applicationId: uuid("application_id")
    .notNull()
    .references(() => applications.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  contentType: text("content_type").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  sha256: varchar("sha256", { length: 64 }).notNull(),
  content: bytea("content").notNull(),
  createdAt: tstz("created_at").notNull().defaultNow(),
});
