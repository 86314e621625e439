import { AppError } from "../errors/index";
import type { AcquirerNotification } from "./provider";

/** An acquirer's event ids are short tokens; a longer one is not one of theirs. */
export const MAX_EVENT_ID_LENGTH = 200;
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

const rejected = (field: string, en: string, ru: string) =>
  new AppError(
    400,
    "invalid_notification",
    { ru: "Уведомление эквайера отклонено", en: "The acquirer notification was rejected" },
    { fields: [{ field, code: "out_of_range", message: { ru, en } }] },
  );

/**
 * Bounds of a signed notification, whatever the provider (issue 18): a signature proves who sent
 * it, not that its values fit our columns. An event id longer than an index entry may be, holding
 * characters PostgreSQL cannot store, or a time outside 2000–2099 (year 275760 is a valid JS date
 * that PostgreSQL cannot read back) is a 400 and changes nothing.
 */
export function checkNotificationBounds(n: AcquirerNotification): void {
  if (
    n.eventId.length === 0 ||
    n.eventId.length > MAX_EVENT_ID_LENGTH ||
    !/^[\x20-\x7e]+$/.test(n.eventId) // acquirers' event ids are printable ASCII
  )
    throw rejected(
      "event_id",
      `At most ${MAX_EVENT_ID_LENGTH} printable characters`,
      `Не больше ${MAX_EVENT_ID_LENGTH} печатных символов`,
    );
  const t = n.occurredAt.getTime();
  if (!Number.isFinite(t) || t < EARLIEST || t >= LATEST)
    throw rejected("occurred_at", "A time between 2000 and 2099", "Время между 2000 и 2099 годами");
  if (n.payment.id.length > MAX_EVENT_ID_LENGTH || n.payment.orderId.length > MAX_EVENT_ID_LENGTH)
    throw rejected("payment.id", "Too long", "Слишком длинный");
}
