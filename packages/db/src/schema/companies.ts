import { date, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { tstz } from "./columns";

export const companies = pgTable("companies", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  inn: varchar("inn", { length: 12 }).notNull().unique(),
  kpp: varchar("kpp", { length: 9 }),
  ogrn: varchar("ogrn", { length: 15 }),
  legalAddress: text("legal_address").notNull(),
  billingSystem: text("billing_system", { enum: ["advance", "credit"] })
    .notNull()
    .default("advance"),
  status: text("status", { enum: ["active", "suspended", "closed"] })
    .notNull()
    .default("active"),
  contractNumber: text("contract_number").notNull().unique(),
  contractDate: date("contract_date").notNull().defaultNow(),
  createdAt: tstz("created_at").notNull().defaultNow(),
});
