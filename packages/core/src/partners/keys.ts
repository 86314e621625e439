import { createHash, randomBytes } from "node:crypto";

/** `pk_test_…` / `pk_live_…`: public (it sits in the partner's HTML), useless outside its origins. */
export const PUBLISHABLE_KEY_RE = /^pk_(test|live)_[A-Za-z0-9_-]{4,100}$/;
/** `sk_partner_` + 32 random bytes, base64url: the partner's back end reads its payments with it. */
export const PARTNER_SECRET_RE = /^sk_partner_[A-Za-z0-9_-]{43}$/;

export const generatePublishableKey = (live: boolean) =>
  `pk_${live ? "live" : "test"}_${randomBytes(18).toString("base64url")}`;

export interface NewPartnerSecret {
  key: string;
  hash: string;
  prefix: string;
}

export function generatePartnerSecret(): NewPartnerSecret {
  const key = `sk_partner_${randomBytes(32).toString("base64url")}`;
  return { key, hash: hashPartnerSecret(key), prefix: `${key.slice(0, 16)}…` };
}

/** SHA-256, hex: the key carries 256 random bits, so a slow KDF would add only latency (ADR 0050). */
export const hashPartnerSecret = (key: string) => createHash("sha256").update(key).digest("hex");
