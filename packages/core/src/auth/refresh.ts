import { refreshTokens, users } from "@lk/db";
import { and, eq, isNull } from "drizzle-orm";
import { audit } from "../audit/audit";
import type { Ctx } from "../context/index";
import { invalidToken, refreshReused, userBlocked } from "./errors";
import { hashToken } from "./refresh-token";
import { revokeFamily, type SessionTokens, startSession } from "./session";

/**
 * Rotates a refresh token: the presented one is spent and a new one of the same family returned.
 * Presenting a spent token means it leaked (or was stolen): the whole family is revoked.
 */
export async function refreshSession({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { refresh_token: string };
}): Promise<SessionTokens> {
  const now = ctx.now();
  const hash = hashToken(input.refresh_token);
  const [row] = await ctx.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash));
  if (!row || row.revokedAt || row.expiresAt <= now) throw invalidToken();

  // Load the signing key outside the transaction: PGlite has one connection, and a query on
  // ctx.db inside a transaction would wait for that transaction forever.
  await ctx.keys.signingKey();
  const result = await ctx.db.transaction(async (tx) => {
    // Spend it atomically: of two concurrent uses only one wins, the other counts as reuse.
    const spent = await tx
      .update(refreshTokens)
      .set({ usedAt: now })
      .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
      .returning({ id: refreshTokens.id });
    if (spent.length === 0) return null;
    const [user] = await tx.select().from(users).where(eq(users.id, row.userId));
    if (!user) throw invalidToken();
    if (user.status === "blocked") throw userBlocked();
    return startSession(tx, ctx, user, row.familyId);
  });
  if (result) return result;

  await ctx.db.transaction(async (tx) => {
    await revokeFamily(tx, row.familyId, now);
    await audit(tx, ctx, {
      action: "auth.refresh_reused",
      entityType: "user",
      entityId: row.userId,
      companyId: null,
    });
  });
  throw refreshReused();
}
