import { type Database, type PartnerRow, partners } from "@lk/db";
import { and, eq, sql } from "drizzle-orm";
import type { Principal } from "../context/index";
import { invalidPartnerSecret, invalidPublishableKey, originNotAllowed, partnerDisabled } from "./errors";
import { hashPartnerSecret, PARTNER_SECRET_RE, PUBLISHABLE_KEY_RE } from "./keys";

/**
 * A widget's `X-LK-Key` + the request's `Origin` → a partner principal. The key is public, so
 * the origin is what binds it to the partner's site: no Origin (not a browser) or an origin not
 * in the partner's list is 403 `origin_not_allowed`.
 */
export async function authenticatePartnerKey(
  db: Database,
  key: string,
  origin: string | null | undefined,
): Promise<Principal> {
  if (!PUBLISHABLE_KEY_RE.test(key)) throw invalidPublishableKey();
  const [p] = await db.select().from(partners).where(eq(partners.publishableKey, key));
  if (!p) throw invalidPublishableKey();
  if (p.status !== "active") throw partnerDisabled();
  if (!origin || !p.allowedOrigins.includes(origin)) throw originNotAllowed();
  return { type: "partner", partnerId: p.id, origin };
}

/** The partner back end's `Authorization: Bearer sk_partner_…` → a partner principal without origin. */
export async function authenticatePartnerSecret(db: Database, token: string): Promise<Principal> {
  if (!PARTNER_SECRET_RE.test(token)) throw invalidPartnerSecret();
  const [p] = await db
    .select({ id: partners.id, status: partners.status })
    .from(partners)
    .where(eq(partners.secretKeyHash, hashPartnerSecret(token)));
  if (!p) throw invalidPartnerSecret();
  if (p.status !== "active") throw partnerDisabled();
  return { type: "partner", partnerId: p.id, origin: null };
}

/** Whether any active partner allows `origin` (CORS preflights carry no key). */
export async function isOriginAllowedForAnyPartner(db: Database, origin: string): Promise<boolean> {
  const [row] = await db
    .select({ id: partners.id })
    .from(partners)
    .where(and(eq(partners.status, "active"), sql`${origin} = ANY(${partners.allowedOrigins})`))
    .limit(1);
  return Boolean(row);
}

export async function loadPartnerRow(db: Database, id: string): Promise<PartnerRow | undefined> {
  const [p] = await db.select().from(partners).where(eq(partners.id, id));
  return p;
}
