import { createHash } from "node:crypto";
import { type Queryable, rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { normalizePhone } from "./find-user";

export interface LockoutRule {
  attempts: number;
  minutes: number;
}

/** What a failed attempt did: `lockedUntil` set when this attempt (or a parallel one) locked the login. */
export interface FailedAttempt {
  lockedUntil: Date | null;
  /** This very attempt crossed the threshold (for the audit row). */
  lockedNow: boolean;
}

/**
 * One wrong password for a user, counted in one statement: the counter is incremented by the
 * database and the lock decided from the value it returns, so parallel attempts each see every
 * other one (issue 18: read-then-write let 20 parallel guesses leave the counter at 1). A login
 * already locked is not counted again; its current lock is returned.
 */
export async function countUserFailure(
  db: Queryable,
  userId: string,
  rule: LockoutRule,
  now: Date,
): Promise<FailedAttempt> {
  return countFailure(db, "users", "id", userId, rule, now);
}

/** The same for a login that matches no user, so both answer alike (ADR 0084). */
export async function countUnknownFailure(
  db: Queryable,
  identifier: string,
  rule: LockoutRule,
  now: Date,
): Promise<FailedAttempt> {
  const hash = loginHash(identifier);
  await db.execute(
    sql`INSERT INTO login_lockouts (login_hash, updated_at) VALUES (${hash}, ${now.toISOString()}::timestamptz)
        ON CONFLICT (login_hash) DO NOTHING`,
  );
  return countFailure(db, "login_lockouts", "login_hash", hash, rule, now);
}

/** The lock of an unknown login, read before its (dummy) password check as a user's is. */
export async function unknownLockedUntil(db: Queryable, identifier: string, now: Date): Promise<Date | null> {
  const [row] = await rows<{ locked_until: string | Date | null }>(
    db,
    sql`SELECT locked_until FROM login_lockouts WHERE login_hash = ${loginHash(identifier)}
        AND locked_until > ${now.toISOString()}::timestamptz`,
  );
  return row?.locked_until ? new Date(row.locked_until) : null;
}

async function countFailure(
  db: Queryable,
  table: "users" | "login_lockouts",
  column: "id" | "login_hash",
  id: string,
  rule: LockoutRule,
  now: Date,
): Promise<FailedAttempt> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + rule.minutes * 60_000).toISOString();
  const extra = table === "login_lockouts" ? sql`, updated_at = ${at}::timestamptz` : sql``;
  const [row] = await rows<{ locked_until: string | Date | null }>(
    db,
    sql`UPDATE ${sql.identifier(table)} SET
          failed_attempts = CASE WHEN failed_attempts + 1 >= ${rule.attempts} THEN 0 ELSE failed_attempts + 1 END,
          locked_until = CASE WHEN failed_attempts + 1 >= ${rule.attempts} THEN ${until}::timestamptz ELSE NULL END
          ${extra}
        WHERE ${sql.identifier(column)} = ${id}
          AND (locked_until IS NULL OR locked_until <= ${at}::timestamptz)
        RETURNING locked_until`,
  );
  if (row)
    return {
      lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
      lockedNow: !!row.locked_until,
    };
  // Not updated: a parallel attempt locked it first. Read the lock it set.
  const [cur] = await rows<{ locked_until: string | Date | null }>(
    db,
    sql`SELECT locked_until FROM ${sql.identifier(table)} WHERE ${sql.identifier(column)} = ${id}`,
  );
  return { lockedUntil: cur?.locked_until ? new Date(cur.locked_until) : new Date(until), lockedNow: false };
}

/** Clears a user's counter on a right password — unless a parallel attempt locked it meanwhile. */
export async function clearUserFailures(db: Queryable, userId: string, now: Date): Promise<boolean> {
  const res = await rows<{ id: string }>(
    db,
    sql`UPDATE users SET failed_attempts = 0, locked_until = NULL
        WHERE id = ${userId} AND (locked_until IS NULL OR locked_until <= ${now.toISOString()}::timestamptz)
        RETURNING id`,
  );
  return res.length > 0;
}

/** Drops unknown-login counters untouched since `before` (housekeeping). */
export async function pruneLoginLockouts(db: Queryable, before: Date): Promise<void> {
  await db.execute(
    sql`DELETE FROM login_lockouts WHERE updated_at < ${before.toISOString()}::timestamptz
        AND (locked_until IS NULL OR locked_until < ${before.toISOString()}::timestamptz)`,
  );
}

function loginHash(identifier: string): string {
  const id = identifier.trim();
  const key = normalizePhone(id) ?? id.toLowerCase();
  return createHash("sha256").update(key).digest("hex");
}
