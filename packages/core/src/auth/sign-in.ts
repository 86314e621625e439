import { users } from "@lk/db";
import { eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import type { Ctx } from "../context/index";
import { rateLimited } from "../errors/index";
import { hitRateLimit } from "../ratelimit/ratelimit";
import { invalidCredentials, loginLocked, temporaryPasswordExpired, userBlocked } from "./errors";
import { findUserByIdentifier } from "./find-user";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { type SessionTokens, startSession } from "./session";

export interface SignInInput {
  login: string;
  password: string;
}

/**
 * Login (or e-mail, or phone) + password → a session. Five wrong passwords lock the login for 15
 * minutes; attempts per client address are limited too. A temporary password gives a session that
 * can only set a new password.
 */
export async function signIn({ ctx, input }: { ctx: Ctx; input: SignInInput }): Promise<SessionTokens> {
  const now = ctx.now();
  const { auth } = ctx.config;
  if (ctx.ip) {
    const ipLimit = await hitRateLimit(
      ctx.db,
      `sign-in:ip:${ctx.ip}`,
      auth.ipAttemptsPerWindow,
      auth.ipWindowMinutes * 60,
      now,
    );
    if (!ipLimit.allowed) throw rateLimited(ipLimit.retryAfterSec);
  }

  const user = await findUserByIdentifier(ctx.db, input.login);
  if (!user) {
    await verifyPassword(input.password, await dummyPasswordHash(auth.scryptN));
    throw invalidCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > now) throw loginLocked(user.lockedUntil, now);

  const ok = await verifyPassword(input.password, user.passwordHash);
  if (!ok) {
    const attempts = user.failedAttempts + 1;
    const lock = attempts >= auth.lockoutAttempts;
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          failedAttempts: lock ? 0 : attempts,
          lockedUntil: lock ? new Date(now.getTime() + auth.lockoutMinutes * 60_000) : user.lockedUntil,
        })
        .where(eq(users.id, user.id));
      await audit(tx, ctx, {
        action: lock ? "auth.locked" : "auth.sign_in_failed",
        companyId: user.companyId,
        entityType: "user",
        entityId: user.id,
      });
    });
    if (lock) throw loginLocked(new Date(now.getTime() + auth.lockoutMinutes * 60_000), now);
    throw invalidCredentials();
  }
  if (user.status === "blocked") throw userBlocked();
  if (user.mustChangePassword && user.tempPasswordExpiresAt && user.tempPasswordExpiresAt <= now) {
    throw temporaryPasswordExpired();
  }

  // Load the signing key outside the transaction: PGlite has one connection, and a query on
  // ctx.db inside a transaction would wait for that transaction forever.
  await ctx.keys.signingKey();
  return ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ failedAttempts: 0, lockedUntil: null }).where(eq(users.id, user.id));
    const session = await startSession(tx, ctx, user);
    await audit(tx, ctx, {
      action: "auth.signed_in",
      companyId: user.companyId,
      entityType: "user",
      entityId: user.id,
      data: { temporary_password: user.mustChangePassword },
    });
    return session;
  });
}
