import { L } from "../core/i18n";

// Names of the API's enum values as users read them.

export const accountStatus = (s: string) =>
  ({
    active: L("активен", "active"),
    suspended: L("приостановлен", "suspended"),
    closed: L("закрыт", "closed"),
  })[s] ?? s;
export const accountTone = (s: string) =>
  (s === "active" ? "ok" : s === "suspended" ? "bad" : "muted") as "ok" | "bad" | "muted";

export const paymentStatus = (s: string) =>
  ({
    pending: L("ожидает оплаты", "pending"),
    requires_action: L("нужно подтверждение 3-D Secure", "awaiting 3-D Secure"),
    succeeded: L("оплачен", "succeeded"),
    failed: L("отклонён", "failed"),
    canceled: L("отменён", "canceled"),
    refunded: L("возвращён", "refunded"),
  })[s] ?? s;
export const paymentTone = (s: string) =>
  (s === "succeeded"
    ? "ok"
    : s === "failed"
      ? "bad"
      : s === "pending" || s === "requires_action"
        ? "warn"
        : "muted") as "ok" | "bad" | "warn" | "muted";

export const docKind = (k: string) =>
  ({
    act: L("Акт", "Act"),
    vat_invoice: L("Счёт-фактура", "VAT invoice"),
    upd: L("УПД", "UPD"),
    payment_invoice: L("Счёт на оплату", "Payment invoice"),
  })[k] ?? k;

export const invoiceStatus = (s: string) =>
  ({ issued: L("выставлен", "issued"), paid: L("оплачен", "paid"), overdue: L("просрочен", "overdue") })[s] ??
  s;

export const destType = (d: string) =>
  ({
    local: L("местные", "local"),
    long_distance: L("междугородние", "long distance"),
    international: L("международные", "international"),
    mobile: L("мобильные", "mobile"),
  })[d] ?? d;

export const serviceKind = (k: string) =>
  ({
    internet: L("Интернет", "Internet"),
    telephony: L("Телефония", "Telephony"),
    tv: L("ТВ", "TV"),
    vpn: "VPN",
    equipment_rent: L("Аренда оборудования", "Equipment rent"),
    other: L("Другое", "Other"),
  })[k] ?? k;

export const serviceStatus = (s: string) =>
  ({
    pending: L("подключается", "pending"),
    active: L("работает", "active"),
    suspended: L("приостановлена", "suspended"),
    disconnected: L("отключена", "disconnected"),
  })[s] ?? s;

export const orderKind = (k: string) =>
  ({
    connect: L("Подключение", "Connect"),
    disconnect: L("Отключение", "Disconnect"),
    change_tariff: L("Смена тарифа", "Change tariff"),
    suspend: L("Приостановка", "Suspend"),
    resume: L("Возобновление", "Resume"),
  })[k] ?? k;

export const orderStatus = (s: string) =>
  ({
    new: L("новая", "new"),
    in_progress: L("в работе", "in progress"),
    done: L("выполнена", "done"),
    rejected: L("отклонена", "rejected"),
    cancelled: L("отменена", "cancelled"),
  })[s] ?? s;

export const supportStatus = (s: string) =>
  ({
    open: L("открыто", "open"),
    waiting_for_customer: L("ждёт вашего ответа", "waiting for you"),
    resolved: L("решено", "resolved"),
    closed: L("закрыто", "closed"),
  })[s] ?? s;

export const ledgerKind = (k: string) =>
  ({
    charge: L("Начисление", "Charge"),
    payment: L("Платёж", "Payment"),
    adjustment: L("Корректировка", "Adjustment"),
    bonus: L("Бонусы", "Bonus"),
    refund: L("Возврат", "Refund"),
    transfer_in: L("Перевод (приход)", "Transfer in"),
    transfer_out: L("Перевод (расход)", "Transfer out"),
    promised_payment: L("Обещанный платёж", "Promised payment"),
  })[k] ?? k;

/** Why the acquirer declined a payment, as a person reads it (never the raw code). */
export const failureReason = (code: string | null | undefined) =>
  ({
    card_declined: L(
      "Банк, выпустивший карту, отклонил платёж. Попробуйте другую карту или позвоните в банк.",
      "The card's bank declined the payment. Try another card or call your bank.",
    ),
    insufficient_funds: L("На карте недостаточно средств.", "The card has insufficient funds."),
    "3ds_failed": L(
      "Платёж не подтверждён кодом 3-D Secure.",
      "The payment was not confirmed with the 3-D Secure code.",
    ),
    processing_timeout: L(
      "Банк не ответил вовремя. Деньги не списаны — попробуйте ещё раз.",
      "The bank did not answer in time. Nothing was charged — please try again.",
    ),
    canceled: L("Оплата отменена.", "The payment was cancelled."),
    // SBP (the acquirer's reasons for a transfer by QR code; docs/payments.md «SBP»).
    qr_expired: L(
      "Срок действия QR-кода истёк. Деньги не списаны — покажите новый код.",
      "The QR code has expired. Nothing was charged — show a new code.",
    ),
    sbp_bank_declined: L(
      "Банк отклонил перевод по СБП. Попробуйте приложение другого банка или оплату картой.",
      "The bank declined the SBP transfer. Try another bank's app or pay by card.",
    ),
    sbp_payer_declined: L(
      "Перевод отклонён в приложении банка. Деньги не списаны.",
      "The transfer was declined in the bank app. Nothing was charged.",
    ),
  })[code ?? ""] ?? L("Банк отклонил платёж.", "The bank declined the payment.");
