import { audit } from "../audit/audit";
import type { Ctx } from "../context/index";
import { rateLimited } from "../errors/index";
import { hitRateLimit } from "../ratelimit/ratelimit";
import { invalidCredentials, loginLocked, temporaryPasswordExpired, userBlocked } from "./errors";
import { findUserByIdentifier } from "./find-user";
import { clearUserFailures, countUnknownFailure, countUserFailure, unknownLockedUntil } from "./lockout";
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

  const rule = { attempts: auth.lockoutAttempts, minutes: auth.lockoutMinutes };
  const user = await findUserByIdentifier(ctx.db, input.login);
  if (!user) {
    // An unknown login is answered as a real one: the same lock check, a password check of the
    // same cost, the same counter and lock (ADR 0084) — neither the answers nor their timing class
    // tell whether the login exists.
    const locked = await unknownLockedUntil(ctx.db, input.login, now);
    if (locked) throw loginLocked(locked, now);
    await verifyPassword(input.password, await dummyPasswordHash(auth.scryptN));
    const failed = await countUnknownFailure(ctx.db, input.login, rule, now);
    if (failed.lockedUntil) throw loginLocked(failed.lockedUntil, now);
    throw invalidCredentials();
  }
  if (user.lockedUntil && user.lockedUntil > now) throw loginLocked(user.lockedUntil, now);

  const ok = await verifyPassword(input.password, user.passwordHash);
  if (!ok) {
    const failed = await ctx.db.transaction(async (tx) => {
      const f = await countUserFailure(tx, user.id, rule, now);
      await audit(tx, ctx, {
        action: f.lockedNow ? "auth.locked" : "auth.sign_in_failed",
        companyId: user.companyId,
        entityType: "user",
        entityId: user.id,
      });
      return f;
    });
    if (failed.lockedUntil) throw loginLocked(failed.lockedUntil, now);
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
    // A parallel wrong guess may have locked the login since it was read: then this is refused too.
    if (!(await clearUserFailures(tx, user.id, now)))
      throw loginLocked(new Date(now.getTime() + auth.lockoutMinutes * 60_000), now);
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
