import { AppError, invalidField, notFound } from "../errors/index";
import { rub } from "../money/format";

export const paymentNotFound = () => notFound({ ru: "Платёж", en: "Payment" }, "payment_not_found");
export { accountNotFound } from "../accounts/get-account";
export const invoiceNotFound = () => notFound({ ru: "Счёт", en: "Invoice" }, "invoice_not_found");

/** A 404 like an unknown invoice_id's, naming the item: the number's owner is never revealed. */
export const invoiceNumberNotFound = (n: number) =>
  new AppError(
    404,
    "invoice_not_found",
    { ru: "Счёт: не найдено", en: "Invoice not found" },
    {
      fields: [
        {
          field: `items.${n}.invoice_number`,
          code: "invoice_not_found",
          message: { ru: "Счёт с таким номером не найден", en: "No invoice with this number" },
        },
      ],
    },
  );

export const paymentNotCancelable = () =>
  new AppError(409, "payment_not_cancelable", {
    ru: "Платёж уже завершён, отменить его нельзя",
    en: "The payment is already final and cannot be canceled",
  });

export const autopayChargeNotCancelable = () =>
  new AppError(409, "payment_not_cancelable", {
    ru: "Списание автоплатежа с сохранённой карты отменить нельзя: его исход определяет эквайер",
    en: "An autopay charge on a saved card cannot be canceled: the acquirer decides it",
  });

export const paymentNotRefundable = () =>
  new AppError(409, "payment_not_refundable", {
    ru: "Вернуть можно только успешный платёж, не больше оплаченной суммы",
    en: "Only a succeeded payment can be refunded, up to the amount paid",
  });

export const acquirerNotConfigured = () =>
  new AppError(503, "acquirer_unavailable", {
    ru: "Приём карт временно недоступен, повторите позже",
    en: "Card payments are temporarily unavailable; retry later",
  });

export const amountTooSmall = (field: string) =>
  invalidField(field, "amount_too_small", {
    ru: "Сумма — не меньше 1 ₽ (100 копеек)",
    en: "The amount must be at least 1 ₽ (100 kopecks)",
  });

export const amountTooLarge = (field: string) =>
  invalidField(field, "amount_too_large", {
    ru: "Сумма платежа слишком велика",
    en: "The payment amount is too large",
  });

/**
 * The page the acquirer sends the payer back to: only http(s) (issue 18 — `javascript:` reached the
 * acquirer, which refused it with a 502 after a pending payment had been written). Checked before
 * anything is written.
 */
export function checkReturnUrl(url: string | undefined, field = "return_url"): void {
  if (url === undefined) return;
  let protocol = "";
  try {
    protocol = new URL(url).protocol;
  } catch {
    /* refused below */
  }
  if (protocol !== "https:" && protocol !== "http:")
    throw invalidField(field, "invalid_return_url", {
      ru: "Адрес возврата должен начинаться с https:// или http://",
      en: "return_url must be an https:// or http:// address",
    });
}

/** Another refund of the payment still waits for the acquirer and takes what this one asks for. */
export const refundExceedsRemaining = (remaining: number) =>
  new AppError(409, "refund_exceeds_remaining", {
    ru: `Сумма больше остатка, доступного для возврата: ${rub(remaining)} с учётом незавершённых возвратов`,
    en: `The amount exceeds what is left to refund: ${rub(remaining, "en")}, refunds in progress included`,
  });
