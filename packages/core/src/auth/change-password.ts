import { users } from "@lk/db";
import { eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import type { Ctx } from "../context/index";
import { invalid, invalidField, unauthorized } from "../errors/index";
import { wipeTemporaryPasswordMessages } from "../outbox/secrets";
import { temporaryPasswordExpired } from "./errors";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "./passwords";
import { revokeAllSessions, type SessionTokens, startSession } from "./session";

export interface ChangePasswordInput {
  current_password: string;
  new_password: string;
}

/**
 * Sets a new password (the only thing a temporary-password session may do). Other sessions of the
 * user are ended; this one continues with fresh tokens that carry full rights.
 */
export async function changePassword({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: ChangePasswordInput;
}): Promise<SessionTokens> {
  const p = ctx.principal;
  if (p.type !== "user") throw unauthorized();
  const [user] = await ctx.db.select().from(users).where(eq(users.id, p.userId));
  if (!user) throw unauthorized();
  // A session started with a temporary password may set a new one only while that temporary
  // password is valid: its expiry bounds the session too (issue 18).
  if (user.mustChangePassword && user.tempPasswordExpiresAt && user.tempPasswordExpiresAt <= ctx.now())
    throw temporaryPasswordExpired();
  if (!(await verifyPassword(input.current_password, user.passwordHash))) {
    throw invalidField("current_password", "wrong_password", {
      ru: "Текущий пароль указан неверно",
      en: "The current password is wrong",
    });
  }
  const policy = checkPasswordPolicy(input.new_password, { login: user.login });
  if (policy) throw invalid([policy]);
  if (input.new_password === input.current_password) {
    throw invalidField("new_password", "password_reused", {
      ru: user.mustChangePassword
        ? "Новый пароль должен отличаться от временного"
        : "Новый пароль должен отличаться от текущего",
      en: user.mustChangePassword
        ? "The new password must differ from the temporary one"
        : "The new password must differ from the current one",
    });
  }
  const now = ctx.now();
  const passwordHash = await hashPassword(input.new_password, ctx.config.auth.scryptN);
  // Load the signing key outside the transaction: PGlite has one connection, and a query on
  // ctx.db inside a transaction would wait for that transaction forever.
  await ctx.keys.signingKey();
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: false,
        tempPasswordExpiresAt: null,
        passwordChangedAt: now,
        updatedAt: now,
      })
      .where(eq(users.id, user.id))
      .returning();
    await revokeAllSessions(tx, user.id, now);
    if (user.mustChangePassword) await wipeTemporaryPasswordMessages(tx, user.id);
    await audit(tx, ctx, { action: "auth.password_changed", entityType: "user", entityId: user.id });
    return startSession(tx, ctx, updated!);
  });
}
