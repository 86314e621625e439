import type { Lang } from "../context/ctx";
import type { Msg } from "../errors/index";

/**
 * What each audit action code means to a person, in Russian and English: the audit log's API
 * gives it beside the code (`action_label`) so no screen shows `auth.signed_in`. A code without a
 * label here (one added later) reads by its area («Лицевые счета: действие»), never as the code.
 */
export const AUDIT_ACTIONS: Record<string, Msg> = {
  "account.resumed": { ru: "Лицевой счёт возобновлён", en: "Account resumed" },
  "accounts.link_requested": { ru: "Запрошена привязка лицевого счёта", en: "Account linking requested" },
  "accounts.linked": { ru: "Лицевой счёт привязан", en: "Account linked" },
  "accounts.moved": { ru: "Лицевые счета перенесены в группу", en: "Accounts moved to a group" },
  "api_key.created": { ru: "Создан API-ключ", en: "API key created" },
  "api_key.revoked": { ru: "API-ключ отозван", en: "API key revoked" },
  "application.approved": { ru: "Заявка одобрена", en: "Application approved" },
  "application.rejected": { ru: "Заявка отклонена", en: "Application rejected" },
  "application.submitted": { ru: "Заявка подана", en: "Application submitted" },
  "auth.password_changed": { ru: "Пароль изменён", en: "Password changed" },
  "auth.password_reset": { ru: "Пароль восстановлен", en: "Password reset" },
  "auth.password_reset_requested": { ru: "Запрошено восстановление пароля", en: "Password reset requested" },
  "auth.refresh_reused": {
    ru: "Повторное использование токена входа: все сеансы завершены",
    en: "Sign-in token reused: all sessions ended",
  },
  "auth.signed_in": { ru: "Вход в кабинет", en: "Signed in" },
  "auth.signed_out": { ru: "Выход из кабинета", en: "Signed out" },
  "auth.signed_out_everywhere": { ru: "Выход на всех устройствах", en: "Signed out everywhere" },
  "autopay_rule.created": { ru: "Автоплатёж настроен", en: "Autopay set up" },
  "autopay_rule.deleted": { ru: "Автоплатёж удалён", en: "Autopay removed" },
  "autopay_rule.updated": { ru: "Автоплатёж изменён", en: "Autopay changed" },
  "billing.account_suspended": { ru: "Лицевой счёт приостановлен за долг", en: "Account suspended for debt" },
  "billing.advance_charged": { ru: "Списана абонентская плата (аванс)", en: "Advance fees charged" },
  "billing.batch": { ru: "Выставлены счета", en: "Invoices issued" },
  "billing.invoices_marked": { ru: "Обновлены статусы счетов", en: "Invoice statuses updated" },
  "billing.run_resumed": { ru: "Возобновлён расчёт за месяц", en: "Monthly billing resumed" },
  "billing.run_started": { ru: "Запущен расчёт за месяц", en: "Monthly billing started" },
  "calls.import": { ru: "Загружена детализация звонков", en: "Call records loaded" },
  "company.payment_settings_updated": { ru: "Изменены условия оплаты", en: "Payment terms changed" },
  "documents.payment_invoice_created": { ru: "Выставлен счёт на оплату", en: "Payment invoice created" },
  "documents.recipients_set": { ru: "Изменены получатели документов", en: "Document recipients changed" },
  "groups.created": { ru: "Создана группа", en: "Group created" },
  "groups.deleted": { ru: "Группа удалена", en: "Group deleted" },
  "groups.updated": { ru: "Группа изменена", en: "Group changed" },
  "ledger.adjustment": { ru: "Корректировка баланса", en: "Balance adjustment" },
  "orders.created": { ru: "Создана заявка на услугу", en: "Service order placed" },
  "orders.cancelled": { ru: "Заявка на услугу отменена", en: "Service order cancelled" },
  "orders.new": { ru: "Заявка на услугу: новая", en: "Service order: new" },
  "orders.in_progress": { ru: "Заявка на услугу в работе", en: "Service order in progress" },
  "orders.done": { ru: "Заявка на услугу выполнена", en: "Service order done" },
  "orders.rejected": { ru: "Заявка на услугу отклонена", en: "Service order rejected" },
  "partner.created": { ru: "Добавлен партнёр", en: "Partner added" },
  "partner.keys_rotated": { ru: "Ключи партнёра заменены", en: "Partner keys rotated" },
  "partner.updated": { ru: "Партнёр изменён", en: "Partner changed" },
  "signing_key.rotated": { ru: "Ключ подписи токенов заменён", en: "Token signing key rotated" },
  "payment.cancel_requested": { ru: "Запрошена отмена платежа", en: "Payment cancellation requested" },
  "payment.receipt_sent": { ru: "Квитанция отправлена", en: "Receipt sent" },
  "payment.created": { ru: "Создан платёж", en: "Payment created" },
  "payment.refunded": { ru: "Платёж возвращён", en: "Payment refunded" },
  "payment.succeeded": { ru: "Платёж прошёл", en: "Payment succeeded" },
  "payment.failed": { ru: "Платёж не прошёл", en: "Payment failed" },
  "payment.canceled": { ru: "Платёж отменён", en: "Payment cancelled" },
  "payment.requires_action": { ru: "Платёж ждёт подтверждения", en: "Payment awaiting confirmation" },
  "payment.pending": { ru: "Платёж в обработке", en: "Payment pending" },
  "promised_payment.taken": { ru: "Взят обещанный платёж", en: "Promised payment taken" },
  "support.answered": { ru: "Ответ поддержки", en: "Support answered" },
  "support.closed": { ru: "Обращение закрыто", en: "Support request closed" },
  "support.created": { ru: "Создано обращение в поддержку", en: "Support request created" },
  "support.replied": { ru: "Ответ в обращении", en: "Reply in a support request" },
  "support.status_changed": { ru: "Изменён статус обращения", en: "Support request status changed" },
  "transfer.created": { ru: "Перенос средств между счетами", en: "Funds transferred between accounts" },
  "user.groups_set": { ru: "Изменён доступ пользователя к группам", en: "User's groups changed" },
  "user.invited": { ru: "Добавлен пользователь", en: "User added" },
  "user.temporary_password_issued": { ru: "Выдан временный пароль", en: "Temporary password issued" },
  "user.updated": { ru: "Пользователь изменён", en: "User changed" },
  "webhook_delivery.resent": { ru: "Уведомление интегратору отправлено повторно", en: "Webhook resent" },
  "webhook_endpoint.created": { ru: "Добавлен адрес вебхуков", en: "Webhook endpoint added" },
  "webhook_endpoint.deleted": { ru: "Адрес вебхуков удалён", en: "Webhook endpoint deleted" },
  "webhook_endpoint.disabled": { ru: "Адрес вебхуков отключён", en: "Webhook endpoint disabled" },
  "webhook_endpoint.secret_rotated": { ru: "Секрет вебхуков заменён", en: "Webhook secret rotated" },
  "webhook_endpoint.test_sent": { ru: "Отправлен тестовый вебхук", en: "Test webhook sent" },
  "webhook_endpoint.updated": { ru: "Адрес вебхуков изменён", en: "Webhook endpoint changed" },
};

const AREAS: Record<string, Msg> = {
  account: { ru: "Лицевые счета", en: "Accounts" },
  accounts: { ru: "Лицевые счета", en: "Accounts" },
  api_key: { ru: "API-ключи", en: "API keys" },
  application: { ru: "Заявки на подключение", en: "Applications" },
  auth: { ru: "Вход и пароли", en: "Sign-in and passwords" },
  autopay_rule: { ru: "Автоплатёж", en: "Autopay" },
  billing: { ru: "Расчёты", en: "Billing" },
  calls: { ru: "Звонки", en: "Calls" },
  company: { ru: "Компания", en: "Company" },
  documents: { ru: "Документы", en: "Documents" },
  groups: { ru: "Группы", en: "Groups" },
  ledger: { ru: "Баланс", en: "Balance" },
  orders: { ru: "Заявки на услуги", en: "Service orders" },
  partner: { ru: "Партнёры", en: "Partners" },
  payment: { ru: "Платежи", en: "Payments" },
  promised_payment: { ru: "Обещанный платёж", en: "Promised payment" },
  support: { ru: "Поддержка", en: "Support" },
  transfer: { ru: "Переносы средств", en: "Transfers" },
  user: { ru: "Пользователи", en: "Users" },
  webhook_delivery: { ru: "Вебхуки", en: "Webhooks" },
  webhook_endpoint: { ru: "Вебхуки", en: "Webhooks" },
};

/** The action as a person reads it. */
export function auditActionLabel(action: string, lang: Lang): string {
  const known = AUDIT_ACTIONS[action];
  if (known) return known[lang];
  const area = AREAS[action.split(".")[0] ?? ""];
  if (area) return lang === "ru" ? `${area.ru}: действие` : `${area.en}: action`;
  return lang === "ru" ? "Действие" : "Action";
}

/** Who did it, for the «Кто» column, when the actor is not a user of the company. */
export function auditActorLabel(actorType: string, name: string | null, lang: Lang): string {
  switch (actorType) {
    case "user":
      return name ?? (lang === "ru" ? "Пользователь удалён" : "Deleted user");
    case "api_key":
      return name
        ? lang === "ru"
          ? `API-ключ «${name}»`
          : `API key "${name}"`
        : lang === "ru"
          ? "API-ключ"
          : "API key";
    case "operator":
      return lang === "ru" ? "Оператор связи" : "The operator";
    case "partner":
      return name ?? (lang === "ru" ? "Партнёр" : "Partner");
    default:
      return lang === "ru" ? "Без входа (сайт или система)" : "Not signed in (website or system)";
  }
}
