import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** `agsec_` + 32 random bytes, base64url: the agent's password for HTTP Basic. */
export const AGENT_SECRET_RE = /^agsec_[A-Za-z0-9_-]{43}$/;

export function generateAgentSecret() {
  const secret = `agsec_${randomBytes(32).toString("base64url")}`;
  return { secret, hash: hashAgentSecret(secret), prefix: `${secret.slice(0, 12)}…` };
}

/** SHA-256, hex: the secret carries 256 random bits, so a slow KDF would only add latency (ADR 0050). */
export const hashAgentSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashAgentSecret(secret), "hex");
  const b = Buffer.from(hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `Authorization: Basic base64(login:secret)` → its parts; undefined if absent or malformed. */
export function parseBasicAuth(
  header: string | undefined | null,
): { login: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? "");
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return undefined;
  return { login: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
