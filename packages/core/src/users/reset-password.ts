import { type Tx, users } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { generateTemporaryPassword, hashPassword } from "../auth/passwords";
import { replacePassword } from "../auth/replace-password";
import { type Ctx, companyScope, requireOperator, requirePermission } from "../context/index";
import { userNotFound } from "./errors";

type UserRow = typeof users.$inferSelect;

async function issueTemporaryPassword(tx: Tx, ctx: Ctx, user: UserRow) {
  const now = ctx.now();
  const temporaryPassword = generateTemporaryPassword();
  const expiresAt = new Date(now.getTime() + ctx.config.auth.tempPasswordTtlHours * 3_600_000);
  await replacePassword(tx, ctx, user, {
    passwordHash: await hashPassword(temporaryPassword, ctx.config.auth.scryptN),
    temporaryUntil: expiresAt,
    action: "user.temporary_password_issued",
  });
  return {
    user_id: user.id,
    login: user.login,
    temporary_password: temporaryPassword,
    expires_at: expiresAt.toISOString(),
  };
}

/** A company admin gives a colleague a new temporary password (shown once). */
export async function resetUserPassword({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "users:manage");
  const { companyId } = companyScope(ctx);
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, input.id), eq(users.companyId, companyId)))
      .for("update");
    if (!u) throw userNotFound();
    return issueTemporaryPassword(tx, ctx, u);
  });
}

/** Operator staff issue a new temporary password by login (`lk users reset-password LOGIN`). */
export async function operatorResetPassword({ ctx, input }: { ctx: Ctx; input: { login: string } }) {
  requireOperator(ctx);
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx.select().from(users).where(eq(users.login, input.login.toLowerCase())).for("update");
    if (!u) throw userNotFound();
    return issueTemporaryPassword(tx, ctx, u);
  });
}
