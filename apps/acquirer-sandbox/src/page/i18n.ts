export type Lang = "ru" | "en";

const ru = {
  title: "Оплата картой",
  sandboxBadge: "Тестовый режим: деньги не списываются",
  amount: "Сумма",
  order: "Заказ",
  cardNumber: "Номер карты",
  expiry: "Срок действия (ММ/ГГ)",
  cvc: "CVC",
  holder: "Имя владельца",
  pay: "Оплатить",
  otherLang: "English",
  errCardNumber: "Проверьте номер карты",
  errExpiryFormat: "Укажите срок в формате ММ/ГГ",
  errExpired: "Срок действия карты истёк",
  errCvc: "CVC — три цифры",
  errHolder: "Укажите имя как на карте",
  threeDsTitle: "Подтверждение 3-D Secure",
  threeDsHint: "Введите одноразовый код из SMS. В песочнице верный код — 123456.",
  threeDsCode: "Код подтверждения",
  confirm: "Подтвердить",
  processingTitle: "Платёж обрабатывается",
  processingHint: "Страница обновится сама.",
  succeeded: "Оплата прошла",
  failed: "Оплата не прошла",
  canceled: "Платёж отменён",
  reason: "Причина",
  backToShop: "Вернуться в магазин",
  notFound: "Платёж не найден",
  card_declined: "банк отклонил операцию",
  "3ds_failed": "код 3-D Secure не подтверждён",
  processing_timeout: "истекло время обработки",
  insufficient_funds: "недостаточно средств",
  sbpTitle: "Оплата по СБП",
  sbpApp: "Приложение банка (песочница)",
  sbpPayee: "Получатель",
  sbpPurpose: "Назначение",
  sbpChooseBank: "Ваш банк",
  sbpConfirm: "Подтвердить перевод",
  sbpDecline: "Отклонить",
  sbpExpiresAt: "Код действует до",
  sbpWaitingTitle: "Ждём ответа банка",
  sbpWaitingHint: "Банк ещё не ответил. Страница обновится сама.",
  sbpNotFound: "QR-код не найден",
  sbpSucceeded: "Перевод выполнен",
  qr_expired: "истёк срок действия QR-кода",
  sbp_bank_declined: "банк отклонил перевод",
  sbp_payer_declined: "перевод отклонён в приложении банка",
  bankConfirms: "подтверждает",
  bankDeclines: "всегда отклоняет",
  bankSilent: "никогда не отвечает",
} as const;

type Messages = { readonly [K in keyof typeof ru]: string };

const en: Messages = {
  title: "Card payment",
  sandboxBadge: "Test mode: no money is charged",
  amount: "Amount",
  order: "Order",
  cardNumber: "Card number",
  expiry: "Expiry (MM/YY)",
  cvc: "CVC",
  holder: "Cardholder name",
  pay: "Pay",
  otherLang: "Русский",
  errCardNumber: "Check the card number",
  errExpiryFormat: "Enter the expiry as MM/YY",
  errExpired: "The card has expired",
  errCvc: "CVC is three digits",
  errHolder: "Enter the name as on the card",
  threeDsTitle: "3-D Secure confirmation",
  threeDsHint: "Enter the one-time code from the SMS. In the sandbox the right code is 123456.",
  threeDsCode: "Confirmation code",
  confirm: "Confirm",
  processingTitle: "The payment is being processed",
  processingHint: "This page refreshes by itself.",
  succeeded: "Payment succeeded",
  failed: "Payment failed",
  canceled: "Payment canceled",
  reason: "Reason",
  backToShop: "Back to the shop",
  notFound: "Payment not found",
  card_declined: "the bank declined the operation",
  "3ds_failed": "the 3-D Secure code was not confirmed",
  processing_timeout: "processing timed out",
  insufficient_funds: "insufficient funds",
  sbpTitle: "Faster Payments (SBP)",
  sbpApp: "Bank app (sandbox)",
  sbpPayee: "Payee",
  sbpPurpose: "Purpose",
  sbpChooseBank: "Your bank",
  sbpConfirm: "Confirm the transfer",
  sbpDecline: "Decline",
  sbpExpiresAt: "The code is valid until",
  sbpWaitingTitle: "Waiting for the bank",
  sbpWaitingHint: "The bank has not answered yet. This page refreshes by itself.",
  sbpNotFound: "QR code not found",
  sbpSucceeded: "Transfer done",
  qr_expired: "the QR code expired",
  sbp_bank_declined: "the bank declined the transfer",
  sbp_payer_declined: "the transfer was declined in the bank app",
  bankConfirms: "confirms",
  bankDeclines: "always declines",
  bankSilent: "never answers",
};

export type MessageKey = keyof typeof ru;

export function messages(lang: Lang): Messages {
  return lang === "en" ? en : ru;
}

export function langOf(query: string | undefined): Lang {
  return query === "en" ? "en" : "ru";
}

export function formatAmount(kopecks: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === "en" ? "en-GB" : "ru-RU", {
    style: "currency",
    currency: "RUB",
  }).format(kopecks / 100);
}

/** A failure reason in words, falling back to the code itself. */
export function reasonText(reason: string, lang: Lang): string {
  const m = messages(lang) as Record<string, string>;
  return m[reason] ?? reason;
}
