import { createHash, randomBytes, randomUUID } from "node:crypto";
import { type Queryable, refreshTokens } from "@lk/db";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Opaque, random, stored only as its hash. A family is one sign-in; rotation keeps the family. */
export async function issueRefreshToken(
  db: Queryable,
  opts: {
    userId: string;
    familyId?: string;
    ttlDays: number;
    now: Date;
    ip: string | null;
    userAgent: string | null;
  },
) {
  const token = `rt_${randomBytes(32).toString("base64url")}`;
  const familyId = opts.familyId ?? randomUUID();
  const expiresAt = new Date(opts.now.getTime() + opts.ttlDays * 86_400_000);
  await db.insert(refreshTokens).values({
    userId: opts.userId,
    familyId,
    tokenHash: hashToken(token),
    expiresAt,
    ip: opts.ip,
    userAgent: opts.userAgent,
    createdAt: opts.now,
  });
  return { token, familyId, expiresAt };
}
