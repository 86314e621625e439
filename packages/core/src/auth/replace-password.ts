import { type Tx, users } from "@lk/db";
import { eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import type { Ctx } from "../context/index";
import { revokeAllSessions } from "./session";

/**
 * Puts a new password hash on a user and ends all their sessions, with the audit row — the one
 * way passwords are replaced (reset by code, a temporary one from an admin or the operator).
 * `temporaryUntil` set: a temporary password that must be changed at the next sign-in.
 */
export async function replacePassword(
  tx: Tx,
  ctx: Ctx,
  user: { id: string; companyId: string },
  opts: { passwordHash: string; temporaryUntil: Date | null; action: string },
): Promise<void> {
  const now = ctx.now();
  await tx
    .update(users)
    .set({
      passwordHash: opts.passwordHash,
      mustChangePassword: opts.temporaryUntil !== null,
      tempPasswordExpiresAt: opts.temporaryUntil,
      ...(opts.temporaryUntil === null ? { passwordChangedAt: now } : {}),
      failedAttempts: 0,
      lockedUntil: null,
      updatedAt: now,
    })
    .where(eq(users.id, user.id));
  await revokeAllSessions(tx, user.id, now);
  await audit(tx, ctx, {
    action: opts.action,
    companyId: user.companyId,
    entityType: "user",
    entityId: user.id,
  });
}
