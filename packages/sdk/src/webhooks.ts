/**
 * Standard Webhooks (https://www.standardwebhooks.com) verification with Web Crypto only, so it runs
 * on Node ≥ 20, browsers, workers and edge runtimes alike.
 */

import type { WebhookEvent } from "./types";

export type { PartnerWebhookEvent, WebhookEvent, WebhookEventType } from "./types";

export class WebhookVerificationError extends Error {
  override name = "WebhookVerificationError";
}

export type WebhookBody = string | Uint8Array | ArrayBuffer;
/** A Fetch `Headers`, or a plain object such as Node's `IncomingHttpHeaders`. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** How far `webhook-timestamp` may be from now, either way. Default 300 s. */
  toleranceSec?: number;
  /** Current time in ms (tests, replays). */
  now?: number;
}

const enc = new TextEncoder();

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const plain = headers as Record<string, string | string[] | undefined>;
  const v = plain[name] ?? Object.entries(plain).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(v) ? v.join(" ") : v;
}

function fromBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function bytesOf(body: WebhookBody): Uint8Array {
  return typeof body === "string" ? enc.encode(body) : new Uint8Array(body);
}

async function hmac(secret: string, id: string, timestamp: string, body: Uint8Array): Promise<Uint8Array> {
  let keyBytes: Uint8Array<ArrayBuffer>;
  try {
    keyBytes = fromBase64(secret.startsWith("whsec_") ? secret.slice(6) : secret);
  } catch {
    throw new WebhookVerificationError("webhook secret is not base64 (expected whsec_<base64>)");
  }
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const prefix = enc.encode(`${id}.${timestamp}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, signed));
}

/** Compares in time independent of where the first difference is, so signatures can't be guessed byte by byte. */
function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/**
 * Checks a delivery's signature and age, then returns the parsed JSON event — a `WebhookEvent`
 * (switch on `type` to narrow `data`); a partner's receiver passes `<PartnerWebhookEvent>`. Pass the
 * body exactly as received (raw string or bytes, not re-serialised JSON). Throws
 * `WebhookVerificationError`. The body is not validated against the schema: the signature proves
 * it is ours, and an event type added later arrives as a type this version does not list.
 */
export async function verifyWebhook<T = WebhookEvent>(
  body: WebhookBody,
  headers: WebhookHeaders,
  secret: string,
  { toleranceSec = 300, now = Date.now() }: VerifyOptions = {},
): Promise<T> {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError("missing webhook headers");
  const ts = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - ts) > toleranceSec) {
    throw new WebhookVerificationError("webhook timestamp outside the tolerance");
  }
  const bytes = bytesOf(body);
  const expected = await hmac(secret, id, timestamp, bytes);
  // Several signatures ("v1,a v1,b") appear while a secret is being rotated; any valid v1 will do.
  const ok = signatures.split(" ").some((entry) => {
    const [version, sig] = entry.split(",");
    if (version !== "v1" || !sig) return false;
    try {
      return equal(fromBase64(sig), expected);
    } catch {
      return false;
    }
  });
  if (!ok) throw new WebhookVerificationError("no matching webhook signature");
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    throw new WebhookVerificationError("webhook body is not JSON");
  }
}

/** Signs a payload the way the API does: handy for testing your webhook handler. */
export async function signWebhook(
  body: WebhookBody,
  secret: string,
  {
    id = crypto.randomUUID(),
    timestamp = Math.floor(Date.now() / 1000),
  }: { id?: string; timestamp?: number } = {},
): Promise<Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string>> {
  const sig = await hmac(secret, id, String(timestamp), bytesOf(body));
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": `v1,${toBase64(sig)}`,
  };
}
