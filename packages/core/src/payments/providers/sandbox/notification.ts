import type { AcquirerNotification } from "../../provider";
import { NotificationRejectedError } from "./errors";
import { isNotificationWire, toNotification } from "./mapping";
import { SIGNATURE_HEADER, SignatureError, TIMESTAMP_HEADER, verifySignature } from "./signature";

/**
 * Verifies the HMAC (timing-safe) and the timestamp window before parsing anything: an unsigned
 * body is never trusted, not even its JSON shape.
 */
export function verifySandboxNotification(
  rawBody: string,
  headers: Headers,
  now: Date,
  secret: string,
  toleranceSeconds: number,
): AcquirerNotification {
  try {
    verifySignature({
      secret,
      rawBody,
      timestamp: headers.get(TIMESTAMP_HEADER),
      signature: headers.get(SIGNATURE_HEADER),
      now,
      toleranceSeconds,
    });
  } catch (err) {
    if (err instanceof SignatureError) throw new NotificationRejectedError(err.code, err.message);
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw new NotificationRejectedError("invalid_json", "body is not JSON");
  }
  if (!isNotificationWire(parsed))
    throw new NotificationRejectedError("invalid_shape", "unexpected notification shape");
  return toNotification(parsed);
}
