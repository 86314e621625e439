import { L } from "../core/i18n";

// Names of the API's enum values as users read them.

/** A value this portal does not know yet (a newer server): a neutral word, never the raw code. */
const unknown = () => L("другое", "other");

export const accountStatus = (s: string) =>
  ({
    active: L("активен", "active"),
    suspended: L("приостановлен", "suspended"),
    closed: L("закрыт", "closed"),
  })[s] ?? unknown();
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
  })[s] ?? unknown();
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
  })[k] ?? unknown();

export const invoiceStatus = (s: string) =>
  ({ issued: L("выставлен", "issued"), paid: L("оплачен", "paid"), overdue: L("просрочен", "overdue") })[s] ??
  unknown();

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
  })[k] ?? unknown();

export const serviceStatus = (s: string) =>
  ({
    pending: L("подключается", "pending"),
    active: L("работает", "active"),
    suspended: L("приостановлена", "suspended"),
    disconnected: L("отключена", "disconnected"),
  })[s] ?? unknown();

export const orderKind = (k: string) =>
  ({
    connect: L("Подключение", "Connect"),
    disconnect: L("Отключение", "Disconnect"),
    change_tariff: L("Смена тарифа", "Change tariff"),
    suspend: L("Приостановка", "Suspend"),
    resume: L("Возобновление", "Resume"),
    change_billing: L("Смена системы расчётов", "Payment system change"),
  })[k] ?? unknown();

export const billingSystemName = (b: string) =>
  ({ advance: L("авансовая", "advance"), credit: L("кредитная", "credit") })[b] ?? unknown();

export const orderStatus = (s: string) =>
  ({
    new: L("новая", "new"),
    in_progress: L("в работе", "in progress"),
    done: L("выполнена", "done"),
    rejected: L("отклонена", "rejected"),
    cancelled: L("отменена", "cancelled"),
  })[s] ?? unknown();

export const supportStatus = (s: string) =>
  ({
    open: L("открыто", "open"),
    waiting_for_customer: L("ждёт вашего ответа", "waiting for you"),
    resolved: L("решено", "resolved"),
    closed: L("закрыто", "closed"),
  })[s] ?? unknown();

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
    promised_repayment: L("Погашение обещанного платежа", "Promised payment repaid"),
  })[k] ?? unknown();

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
    abandoned: L(
      "Оплата не была начата: страница оплаты не открылась. Деньги не списаны — попробуйте ещё раз.",
      "The payment was never started: the payment page did not open. Nothing was charged — try again.",
    ),
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

/** What an API key's scope lets an integration do. */
export const scopeName = (s: string) =>
  ({
    "accounts:read": L("чтение счетов и балансов", "read accounts and balances"),
    "accounts:write": L("изменение счетов и групп", "change accounts and groups"),
    "calls:read": L("детализация звонков", "call details"),
    "documents:read": L("счета и документы", "invoices and documents"),
    "payments:write": L("платежи и переводы", "payments and transfers"),
    "services:write": L("заказ услуг", "service orders"),
    "webhooks:write": L("настройка вебхуков", "webhook settings"),
  })[s] ?? unknown();

export const keyMode = (m: string) =>
  ({ live: L("рабочий", "live"), test: L("тестовый", "test") })[m] ?? unknown();

/** Webhook events as the admin picks them (the event names are in docs/webhooks.md). */
export const webhookEvent = (e: string) =>
  ({
    "*": L("все события", "all events"),
    "invoice.issued": L("выставлен счёт", "invoice issued"),
    "document.issued": L("готов документ", "document issued"),
    "payment.succeeded": L("платёж прошёл", "payment succeeded"),
    "payment.failed": L("платёж не прошёл", "payment failed"),
    "payment.refunded": L("платёж возвращён", "payment refunded"),
    "balance.low": L("низкий баланс", "low balance"),
    "order.created": L("создана заявка", "order created"),
    "order.updated": L("заявка изменилась", "order updated"),
    "account.suspended": L("счёт приостановлен", "account suspended"),
    "account.resumed": L("счёт возобновлён", "account resumed"),
    "promised_payment.expiring": L("истекает обещанный платёж", "promised payment expiring"),
    "webhook.test": L("проверка", "test"),
  })[e] ?? unknown();

export const deliveryStatus = (s: string) =>
  ({
    pending: L("в очереди", "pending"),
    succeeded: L("доставлено", "delivered"),
    failed: L("не доставлено", "failed"),
  })[s] ?? unknown();

export const bonusKind = (k: string) =>
  ({
    accrual: L("Начислено за платёж", "Earned on a payment"),
    spend: L("Оплата бонусами", "Paid with bonuses"),
    release: L("Возврат: платёж не прошёл", "Returned: the payment failed"),
    adjustment: L("Начисление оператора", "Operator's adjustment"),
  })[k] ?? unknown();
