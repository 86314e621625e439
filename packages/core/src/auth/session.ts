import { type Queryable, refreshTokens, type users } from "@lk/db";
import { and, eq, isNull } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { issueAccessToken } from "./access-token";
import { issueRefreshToken } from "./refresh-token";

type UserRow = typeof users.$inferSelect;

export interface SessionTokens {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
  refresh_expires_at: string;
  password_change_required: boolean;
}

/** Issues an access token and a refresh token in `familyId` (a new family = a new sign-in). */
export async function startSession(
  db: Queryable,
  ctx: Ctx,
  user: UserRow,
  familyId?: string,
): Promise<SessionTokens> {
  const now = ctx.now();
  const refresh = await issueRefreshToken(db, {
    userId: user.id,
    ...(familyId ? { familyId } : {}),
    ttlDays: ctx.config.auth.refreshTtlDays,
    now,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  const access = await issueAccessToken(
    ctx.keys,
    ctx.config,
    {
      userId: user.id,
      companyId: user.companyId,
      sessionId: refresh.familyId,
      passwordChangeOnly: user.mustChangePassword,
    },
    now,
  );
  return {
    access_token: access.token,
    token_type: "Bearer",
    expires_in: access.expiresIn,
    refresh_token: refresh.token,
    refresh_expires_at: refresh.expiresAt.toISOString(),
    password_change_required: user.mustChangePassword,
  };
}

export async function revokeFamily(db: Queryable, familyId: string, now: Date): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

export async function revokeAllSessions(db: Queryable, userId: string, now: Date): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}
