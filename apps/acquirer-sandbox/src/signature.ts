import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * How the sandbox signs its notifications. Signed payload: "<unix seconds>.<raw body>"; header value:
 * "v1=<hex HMAC-SHA256>". Several comma-separated "v1=" values are accepted so a secret can be
 * rotated without downtime. The product verifies with its own code
 * (packages/core/src/payments/providers/sandbox/signature.ts), as it would a real acquirer's: the
 * two sides meet only over HTTP, and the adapter's tests check them against each other.
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

export function computeSignature(secret: string, timestamp: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`, "utf8").digest("hex");
}

/** Headers to send with a notification body signed at `now`. */
export function signatureHeaders(secret: string, rawBody: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: `v1=${computeSignature(secret, timestamp, rawBody)}`,
  };
}

export interface VerifySignatureInput {
  secret: string;
  rawBody: string;
  /** Raw header values; missing ones are a SignatureError, not a crash. */
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  now: Date;
  toleranceSeconds?: number;
}

/** Throws SignatureError unless the body was signed with `secret` within the tolerance window. */
export function verifySignature(input: VerifySignatureInput): void {
  const { secret, rawBody, timestamp, signature, now } = input;
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!timestamp || !signature) {
    throw new SignatureError("signature_missing", `${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} are required`);
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new SignatureError("timestamp_invalid", `${TIMESTAMP_HEADER} must be unix seconds`);
  }
  const ts = Number(timestamp);
  const age = Math.floor(now.getTime() / 1000) - ts;
  if (Math.abs(age) > tolerance) {
    throw new SignatureError(
      "timestamp_stale",
      `timestamp is ${age}s away from now, tolerance is ${tolerance}s`,
    );
  }
  const expected = Buffer.from(computeSignature(secret, ts, rawBody), "hex");
  const candidates = signature
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .map((part) => part.slice(3));
  const matches = candidates.some((hex) => {
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, "hex"), expected);
  });
  if (!matches) throw new SignatureError("signature_mismatch", "notification signature does not match");
}
