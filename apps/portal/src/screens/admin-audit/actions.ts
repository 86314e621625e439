import { L } from "../../core/i18n";

// What each audit action means, as an admin reads it. An action the portal does not know yet is
// shown as «Другое действие» — never as its code.

const ACTIONS: Record<string, [string, string]> = {
  "account.resumed": ["Счёт возобновлён", "Account resumed"],
  "accounts.link_requested": ["Запрошена привязка счёта", "Account link requested"],
  "accounts.linked": ["Счёт привязан", "Account linked"],
  "accounts.moved": ["Счета перенесены в группу", "Accounts moved to a group"],
  "api_key.created": ["Создан API-ключ", "API key created"],
  "api_key.revoked": ["Отозван API-ключ", "API key revoked"],
  "application.approved": ["Заявка на подключение одобрена", "Application approved"],
  "application.rejected": ["Заявка на подключение отклонена", "Application rejected"],
  "application.submitted": ["Подана заявка на подключение", "Application submitted"],
  "auth.password_changed": ["Пароль изменён", "Password changed"],
  "auth.password_reset": ["Пароль восстановлен", "Password reset"],
  "auth.password_reset_requested": ["Запрошено восстановление пароля", "Password reset requested"],
  "auth.refresh_reused": [
    "Повторное использование сессии — все сессии завершены",
    "Session reuse — all sessions ended",
  ],
  "auth.signed_in": ["Вход в кабинет", "Signed in"],
  "auth.signed_out": ["Выход из кабинета", "Signed out"],
  "auth.signed_out_everywhere": ["Выход на всех устройствах", "Signed out everywhere"],
  "autopay_rule.created": ["Настроен автоплатёж", "Autopay set up"],
  "autopay_rule.deleted": ["Автоплатёж удалён", "Autopay deleted"],
  "autopay_rule.updated": ["Автоплатёж изменён", "Autopay changed"],
  "billing.account_suspended": ["Счёт приостановлен за долг", "Account suspended for debt"],
  "billing.advance_charged": ["Списана абонентская плата", "Monthly fee charged"],
  "billing.batch": ["Расчёт за месяц", "Monthly billing"],
  "billing.invoices_marked": ["Обновлены статусы счетов", "Invoice statuses updated"],
  "billing.run_started": ["Начат расчёт за месяц", "Billing run started"],
  "calls.import": ["Загружены звонки", "Calls loaded"],
  "company.payment_settings_updated": ["Изменены условия оплаты", "Payment settings changed"],
  "documents.payment_invoice_created": [
    "Выставлен счёт для оплаты по безналу",
    "Bank-transfer invoice issued",
  ],
  "documents.recipients_set": ["Изменены получатели документов", "Document recipients changed"],
  "groups.created": ["Создана группа счетов", "Account group created"],
  "groups.deleted": ["Удалена группа счетов", "Account group deleted"],
  "groups.updated": ["Изменена группа счетов", "Account group changed"],
  "ledger.adjustment": ["Корректировка баланса", "Balance adjustment"],
  "orders.cancelled": ["Заявка на услугу отменена", "Service order cancelled"],
  "orders.created": ["Создана заявка на услугу", "Service order created"],
  "payment.cancel_requested": ["Запрошена отмена платежа", "Payment cancellation requested"],
  "payment.receipt_sent": ["Квитанция отправлена", "Receipt sent"],
  "payment.created": ["Создан платёж", "Payment created"],
  "payment.refunded": ["Возврат платежа", "Payment refunded"],
  "promised_payment.taken": ["Взят обещанный платёж", "Promised payment taken"],
  "support.answered": ["Ответ поддержки", "Support answered"],
  "support.closed": ["Обращение закрыто", "Support request closed"],
  "support.created": ["Создано обращение в поддержку", "Support request created"],
  "support.replied": ["Сообщение в обращении", "Reply to a support request"],
  "support.status_changed": ["Изменён статус обращения", "Support request status changed"],
  "transfer.created": ["Перевод между счетами", "Transfer between accounts"],
  "user.groups_set": ["Изменён доступ пользователя к группам", "User's groups changed"],
  "user.invited": ["Приглашён пользователь", "User invited"],
  "user.temporary_password_issued": ["Выдан временный пароль", "Temporary password issued"],
  "user.updated": ["Изменён пользователь", "User changed"],
  "user.blocked": ["Пользователь заблокирован", "User blocked"],
  "user.unblocked": ["Пользователь разблокирован", "User unblocked"],
  "webhook_delivery.resent": ["Вебхук отправлен повторно", "Webhook resent"],
  "webhook_endpoint.created": ["Добавлен адрес вебхуков", "Webhook endpoint added"],
  "webhook_endpoint.deleted": ["Удалён адрес вебхуков", "Webhook endpoint deleted"],
  "webhook_endpoint.disabled": ["Адрес вебхуков отключён", "Webhook endpoint disabled"],
  "webhook_endpoint.secret_rotated": ["Заменён секрет вебхуков", "Webhook secret rotated"],
  "webhook_endpoint.test_sent": ["Отправлен тестовый вебхук", "Test webhook sent"],
  "webhook_endpoint.updated": ["Изменён адрес вебхуков", "Webhook endpoint changed"],
};

export const actionLabel = (code: string): string => {
  const a = ACTIONS[code];
  return a ? L(a[0], a[1]) : L("Другое действие", "Other action");
};

/** The filter's choices: every known action, by its label. */
export const actionChoices = (): { code: string; label: string }[] =>
  Object.keys(ACTIONS)
    .map((code) => ({ code, label: actionLabel(code) }))
    .sort((a, b) => a.label.localeCompare(b.label));

/** Who did it when no person's name is on the row. */
export const actorKind = (type: string): string =>
  ({
    user: L("Пользователь", "User"),
    api_key: L("API-ключ", "API key"),
    operator: L("Оператор", "Operator"),
    partner: L("Партнёр", "Partner"),
    anonymous: L("Без входа", "Not signed in"),
    system: L("Система", "System"),
  })[type] ?? L("Система", "System");
