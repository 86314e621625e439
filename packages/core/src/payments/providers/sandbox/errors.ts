import { AppError } from "../../../errors";

/**
 * The acquirer refused or failed a request. To our API's clients this is a 502: the acquirer is
 * upstream. `acquirerStatus`/`acquirerCode` carry what it said, for logs and for callers that care
 * (e.g. autopay treats `token_not_found` as "card gone").
 */
export class AcquirerError extends AppError {
  readonly acquirerStatus: number | undefined;
  readonly acquirerCode: string;
  constructor(acquirerCode: string, detail: string, acquirerStatus?: number) {
    super(502, "acquirer_error", {
      ru: `Эквайер отклонил запрос: ${detail}`,
      en: `The acquirer rejected the request: ${detail}`,
    });
    this.name = "AcquirerError";
    this.acquirerCode = acquirerCode;
    this.acquirerStatus = acquirerStatus;
  }
}

/** A notification that is forged, stale or malformed. Answer it with 4xx and do not apply it. */
export class NotificationRejectedError extends AppError {
  readonly reason: string;
  constructor(reason: string, detail: string) {
    super(400, "acquirer_notification_rejected", {
      ru: `Уведомление эквайера отклонено: ${detail}`,
      en: `Acquirer notification rejected: ${detail}`,
    });
    this.name = "NotificationRejectedError";
    this.reason = reason;
  }
}
