import { pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { tstz } from "./columns";
import { companies } from "./companies";

/** Addresses a company chose to receive its new documents by e-mail. */
export const documentRecipients = pgTable(
  "document_recipients",
  {
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    email: text("email").notNull(),
    createdAt: tstz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.email] })],
);
