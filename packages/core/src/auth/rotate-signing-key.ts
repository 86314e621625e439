import { randomUUID } from "node:crypto";
import { signingKeys } from "@lk/db";
import { desc, sql } from "drizzle-orm";
import { exportJWK, generateKeyPair } from "jose";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { activeKey, JWT_ALG } from "./signing-keys";

export interface SigningKeyView {
  kid: string;
  created_at: Date;
  /** null: not retired; in the future: verifies until then; in the past: refused. */
  retired_at: Date | null;
  state: "signing" | "verifying" | "retired";
}

/** The token-signing keys, newest first, with what each does now. */
export async function listSigningKeys({ ctx }: { ctx: Ctx }): Promise<SigningKeyView[]> {
  requireOperator(ctx);
  const rows = await ctx.db
    .select({
      kid: signingKeys.kid,
      createdAt: signingKeys.createdAt,
      retiredAt: signingKeys.retiredAt,
      active: sql<boolean>`${activeKey}`,
    })
    .from(signingKeys)
    .orderBy(desc(signingKeys.createdAt));
  const signing = rows.find((r) => r.retiredAt === null)?.kid;
  return rows.map((r) => ({
    kid: r.kid,
    created_at: r.createdAt,
    retired_at: r.retiredAt,
    state: r.kid === signing ? "signing" : r.active ? "verifying" : "retired",
  }));
}

/**
 * Rotates the access-token signing key: a new key signs from now on; the keys it replaces still
 * verify for `graceSec` (by default an access token's lifetime plus a minute, so no token in use is
 * refused) and are retired after. `graceSec: 0` retires them at once — for a key that leaked: every
 * token it signed is refused, and clients get new ones with their refresh tokens. Running instances
 * pick the change up within their key refresh interval (a minute), without a restart. Audited.
 */
export async function rotateSigningKey({ ctx, input }: { ctx: Ctx; input: { graceSec?: number } }) {
  requireOperator(ctx);
  const graceSec = input.graceSec ?? ctx.config.auth.accessTtlSec + 60;
  if (!Number.isInteger(graceSec) || graceSec < 0)
    throw new Error("grace must be a whole number of seconds ≥ 0");
  const { privateKey, publicKey } = await generateKeyPair(JWT_ALG, { extractable: true });
  const kid = randomUUID();
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = await exportJWK(publicKey);
  return ctx.db.transaction(async (tx) => {
    const replaced = await tx
      .update(signingKeys)
      // Keys already on their way out keep the earlier of their time and this one's.
      .set({
        retiredAt: sql`least(coalesce(${signingKeys.retiredAt}, 'infinity'), now() + make_interval(secs => ${graceSec}))`,
      })
      .where(activeKey)
      .returning({ kid: signingKeys.kid, retiredAt: signingKeys.retiredAt });
    // created_at orders the keys: the new one must be the newest even within one clock tick.
    await tx.insert(signingKeys).values({
      kid,
      alg: JWT_ALG,
      privateJwk,
      publicJwk,
      createdAt: sql`greatest(now(), (select max(created_at) + interval '1 microsecond' from signing_keys))`,
    });
    await audit(tx, ctx, {
      action: "signing_key.rotated",
      entityType: "signing_key",
      entityId: kid,
      data: { replaced: replaced.map((r) => r.kid), grace_sec: graceSec },
    });
    return { kid, replaced: replaced.map((r) => ({ kid: r.kid, retired_at: r.retiredAt! })) };
  });
}
