import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { tstz } from "./columns";

/** Failed sign-ins of unknown logins, counted like users.failed_attempts (migration 0021). */
export const loginLockouts = pgTable("login_lockouts", {
  loginHash: text("login_hash").primaryKey(),
  failedAttempts: integer("failed_attempts").notNull().default(0),
  lockedUntil: tstz("locked_until"),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});
