import { boolean, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { accountGroups } from "./account-groups";
import { tstz } from "./columns";
import { companies } from "./companies";

export const userRoles = ["admin", "accountant", "viewer"] as const;
export type UserRole = (typeof userRoles)[number];

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  companyId: uuid("company_id")
    .notNull()
    .references(() => companies.id),
  login: text("login").notNull().unique(),
  email: text("email"),
  phone: text("phone"),
  fullName: text("full_name").notNull(),
  role: text("role", { enum: userRoles }).notNull(),
  passwordHash: text("password_hash").notNull(),
  mustChangePassword: boolean("must_change_password").notNull().default(true),
  tempPasswordExpiresAt: tstz("temp_password_expires_at"),
  passwordChangedAt: tstz("password_changed_at"),
  failedAttempts: integer("failed_attempts").notNull().default(0),
  lockedUntil: tstz("locked_until"),
  status: text("status", { enum: ["active", "blocked"] })
    .notNull()
    .default("active"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

/** A user with rows here sees only the accounts of these groups (and their subgroups). */
export const userGroups = pgTable(
  "user_groups",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => accountGroups.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.groupId] })],
);
