import { refreshTokens } from "@lk/db";
import { eq } from "drizzle-orm";
import { audit } from "../audit/audit";
import type { Ctx } from "../context/index";
import { unauthorized } from "../errors/index";
import { hashToken } from "./refresh-token";
import { revokeAllSessions, revokeFamily } from "./session";

/** Ends this session: by the access token's session id, or by the refresh token alone. */
export async function signOut({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { refresh_token?: string | undefined };
}): Promise<void> {
  const now = ctx.now();
  let familyId: string | undefined;
  if (ctx.principal.type === "user") familyId = ctx.principal.sessionId;
  else if (input.refresh_token) {
    const [row] = await ctx.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashToken(input.refresh_token)));
    familyId = row?.familyId;
  }
  if (!familyId) return;
  await ctx.db.transaction(async (tx) => {
    await revokeFamily(tx, familyId, now);
    if (ctx.principal.type === "user")
      await audit(tx, ctx, { action: "auth.signed_out", entityType: "user", entityId: ctx.principal.userId });
  });
}

/** Ends every session of the user on every device. */
export async function signOutEverywhere({ ctx }: { ctx: Ctx }): Promise<void> {
  if (ctx.principal.type !== "user") throw unauthorized();
  const { userId } = ctx.principal;
  await ctx.db.transaction(async (tx) => {
    await revokeAllSessions(tx, userId, ctx.now());
    await audit(tx, ctx, { action: "auth.signed_out_everywhere", entityType: "user", entityId: userId });
  });
}
