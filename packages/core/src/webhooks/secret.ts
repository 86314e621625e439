import { createHmac, randomBytes } from "node:crypto";

/** `whsec_` + base64 of 24 random bytes, the Standard Webhooks secret format. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

/**
 * One Standard Webhooks signature: `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)),
 * the key being the base64-decoded part of the secret after `whsec_`.
 */
export function signWebhook(secret: string, id: string, timestampSec: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const mac = createHmac("sha256", key).update(`${id}.${timestampSec}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** The headers of one delivery attempt; during a secret rotation both secrets sign (space-separated). */
export function webhookHeaders(
  secrets: string[],
  id: string,
  now: Date,
  body: string,
): Record<string, string> {
  const ts = Math.floor(now.getTime() / 1000);
  return {
    "content-type": "application/json",
    "user-agent": "LK-Business-Webhooks/1.0",
    "webhook-id": id,
    "webhook-timestamp": String(ts),
    "webhook-signature": secrets.map((s) => signWebhook(s, id, ts, body)).join(" "),
  };
}
