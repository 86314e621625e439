import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The sandbox acquirer's notification signature, as its documentation states it (docs/acquirer-sandbox.md),
 * checked on our side: signed payload "<unix seconds>.<raw body>", header "v1=<hex HMAC-SHA256>",
 * several comma-separated "v1=" values accepted (secret rotation). Written here, not imported from
 * the sandbox app: the sandbox is a test double we talk to over HTTP, as to a real acquirer.
 */
export const TIMESTAMP_HEADER = "X-Sandbox-Timestamp";
export const SIGNATURE_HEADER = "X-Sandbox-Signature";
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type SignatureErrorCode =
  | "signature_missing"
  | "signature_mismatch"
  | "timestamp_invalid"
  | "timestamp_stale";

export class SignatureError extends Error {
  readonly code: SignatureErrorCode;
  constructor(code: SignatureErrorCode, message: string) {
    super(message);
    this.name = "SignatureError";
    this.code = code;
  }
}

const hmac = (secret: string, timestamp: number, rawBody: string) =>
  createHmac("sha256", secret).update(`${timestamp}.${rawBody}`, "utf8").digest();

/** Throws SignatureError unless the body was signed with `secret` within `toleranceSeconds` of `now`. */
export function verifySignature(input: {
  secret: string;
  rawBody: string;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  now: Date;
  toleranceSeconds: number;
}): void {
  const { secret, rawBody, timestamp, signature, now, toleranceSeconds } = input;
  if (!timestamp || !signature)
    throw new SignatureError("signature_missing", `${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} are required`);
  if (!/^\d{1,12}$/.test(timestamp))
    throw new SignatureError("timestamp_invalid", `${TIMESTAMP_HEADER} must be unix seconds`);
  const ts = Number(timestamp);
  const age = Math.floor(now.getTime() / 1000) - ts;
  if (Math.abs(age) > toleranceSeconds)
    throw new SignatureError(
      "timestamp_stale",
      `timestamp is ${age}s away from now, tolerance is ${toleranceSeconds}s`,
    );
  const expected = hmac(secret, ts, rawBody);
  const matches = signature
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1=") && /^[0-9a-f]{64}$/i.test(part.slice(3)))
    .some((part) => timingSafeEqual(Buffer.from(part.slice(3), "hex"), expected));
  if (!matches) throw new SignatureError("signature_mismatch", "notification signature does not match");
}
