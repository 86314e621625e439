import { createHash, randomInt } from "node:crypto";
import { passwordResetCodes } from "@lk/db";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { audit } from "../audit/audit";
import type { Ctx } from "../context/index";
import { invalid, invalidField, rateLimited } from "../errors/index";
import { enqueueMessage } from "../outbox/outbox";
import { hitRateLimit } from "../ratelimit/ratelimit";
import { findUserByIdentifier } from "./find-user";
import { checkPasswordPolicy, hashPassword } from "./passwords";
import { replacePassword } from "./replace-password";

const hashCode = (userId: string, code: string) =>
  createHash("sha256").update(`${userId}:${code}`).digest("hex");
const MAX_CODE_ATTEMPTS = 5;

/**
 * Sends a one-time code to the user's e-mail. Answers the same whether or not the login exists,
 * so it cannot be used to find logins.
 */
export async function requestPasswordReset({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { login: string };
}): Promise<void> {
  const now = ctx.now();
  const limit = await hitRateLimit(ctx.db, `reset:${input.login.toLowerCase()}`, 5, 3600, now);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSec);
  const user = await findUserByIdentifier(ctx.db, input.login);
  if (!user?.email || user.status === "blocked") return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const ttl = ctx.config.auth.resetCodeTtlMinutes;
  await ctx.db.transaction(async (tx) => {
    await tx.insert(passwordResetCodes).values({
      userId: user.id,
      codeHash: hashCode(user.id, code),
      expiresAt: new Date(now.getTime() + ttl * 60_000),
      createdAt: now,
    });
    await enqueueMessage(
      tx,
      {
        channel: "email",
        recipient: user.email!,
        subject: "Код для смены пароля в ЛК Бизнес",
        body: `Ваш код для смены пароля: ${code}\nКод действует ${ttl} минут. Если вы не запрашивали смену пароля, просто проигнорируйте это письмо.`,
        kind: "password_reset",
        companyId: user.companyId,
        userId: user.id,
      },
      now,
    );
    await audit(tx, ctx, {
      action: "auth.password_reset_requested",
      companyId: user.companyId,
      entityType: "user",
      entityId: user.id,
    });
  });
}

const wrongCode = () =>
  invalidField("code", "invalid_code", {
    ru: "Код неверный или устарел. Запросите новый",
    en: "The code is wrong or has expired. Request a new one",
  });

export async function resetPassword({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { login: string; code: string; new_password: string };
}): Promise<void> {
  const now = ctx.now();
  const user = await findUserByIdentifier(ctx.db, input.login);
  if (!user) throw wrongCode();
  const [row] = await ctx.db
    .select()
    .from(passwordResetCodes)
    .where(
      and(
        eq(passwordResetCodes.userId, user.id),
        isNull(passwordResetCodes.usedAt),
        gt(passwordResetCodes.expiresAt, now),
      ),
    )
    .orderBy(desc(passwordResetCodes.createdAt))
    .limit(1);
  if (!row || row.attempts >= MAX_CODE_ATTEMPTS) throw wrongCode();
  if (row.codeHash !== hashCode(user.id, input.code)) {
    await ctx.db
      .update(passwordResetCodes)
      .set({ attempts: row.attempts + 1 })
      .where(eq(passwordResetCodes.id, row.id));
    throw wrongCode();
  }
  const policy = checkPasswordPolicy(input.new_password, { login: user.login });
  if (policy) throw invalid([policy]);
  const passwordHash = await hashPassword(input.new_password, ctx.config.auth.scryptN);
  await ctx.db.transaction(async (tx) => {
    await tx.update(passwordResetCodes).set({ usedAt: now }).where(eq(passwordResetCodes.id, row.id));
    await replacePassword(tx, ctx, user, {
      passwordHash,
      temporaryUntil: null,
      action: "auth.password_reset",
    });
  });
}
