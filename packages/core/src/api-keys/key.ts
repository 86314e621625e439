import { createHash, randomBytes } from "node:crypto";

/** `sk_live_` / `sk_test_` + 32 random bytes, base64url (43 characters). */
const KEY_RE = /^sk_(live|test)_[A-Za-z0-9_-]{43}$/;

export interface NewApiKey {
  /** The whole key: shown to the admin once, never stored. */
  key: string;
  hash: string;
  /** What lists show, e.g. `sk_test_AbC1…`. */
  displayPrefix: string;
}

export function generateApiKey(live: boolean): NewApiKey {
  const key = `sk_${live ? "live" : "test"}_${randomBytes(32).toString("base64url")}`;
  return { key, hash: hashApiKey(key), displayPrefix: displayPrefixOf(key) };
}

/**
 * SHA-256, hex. The key carries 256 random bits, so a slow KDF would add nothing but latency to
 * every request: nobody can brute-force 2^256 however fast the hash is (ADR 0050).
 */
export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export const displayPrefixOf = (key: string) => `${key.slice(0, 12)}…`;

/** Whether a bearer token is shaped like one of our keys (cheap check before any query). */
export const looksLikeApiKey = (token: string) => KEY_RE.test(token);
