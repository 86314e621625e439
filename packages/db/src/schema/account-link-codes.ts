import { integer, pgTable, text, uuid, varchar } from "drizzle-orm/pg-core";
import { accountGroups } from "./account-groups";
import { accounts } from "./accounts";
import { tstz } from "./columns";
import { companies } from "./companies";
import { users } from "./users";

/** The operator-owned company that holds accounts no customer has linked yet (ADR 0010). */
export const UNASSIGNED_COMPANY_ID = "00000000-0000-0000-0000-000000000001";

/** One-time codes confirming that a company links an existing account (sent to the account's contact). */
export const accountLinkCodes = pgTable("account_link_codes", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
  accountId: uuid("account_id")
    .notNull()
    .references(() => accounts.id),
  groupId: uuid("group_id").references(() => accountGroups.id, { onDelete: "set null" }),
  codeHash: varchar("code_hash", { length: 64 }).notNull(),
  channel: text("channel", { enum: ["email", "sms"] }).notNull(),
  sentTo: text("sent_to").notNull(),
  expiresAt: tstz("expires_at").notNull(),
  attempts: integer("attempts").notNull().default(0),
  usedAt: tstz("used_at"),
  createdAt: tstz("created_at").notNull().defaultNow(),
});
