import type { OrderKind, OrderStatus } from "@lk/db";

// An order's status and kind as people read them, in one place for the notices (Russian e-mails)
// and the errors (the reader's language) — never the enum value.

export const ORDER_STATUS: Record<OrderStatus, { ru: string; en: string }> = {
  new: { ru: "новая", en: "new" },
  in_progress: { ru: "в работе", en: "in progress" },
  done: { ru: "выполнена", en: "done" },
  rejected: { ru: "отклонена", en: "rejected" },
  cancelled: { ru: "отменена", en: "cancelled" },
};

export const ORDER_KIND_RU: Record<OrderKind, string> = {
  connect: "подключение услуги",
  disconnect: "отключение услуги",
  change_tariff: "смена тарифа",
  suspend: "добровольная блокировка",
  resume: "возобновление услуги",
  change_billing: "смена системы расчётов",
};
