import { type AnyPgColumn, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tstz } from "./columns";
import { companies } from "./companies";

export const accountGroups = pgTable("account_groups", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  parentId: uuid("parent_id").references((): AnyPgColumn => accountGroups.id),
  name: text("name").notNull(),
  costCenter: text("cost_center"),
  createdAt: tstz("created_at").notNull().defaultNow(),
});
