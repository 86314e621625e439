import { isValidCardNumber, normalizeCardNumber } from "../luhn";
import type { MessageKey } from "./i18n";

export type CardField = "card_number" | "expiry" | "cvc" | "holder";
export type CardErrors = Partial<Record<CardField, MessageKey>>;

export type CardFormResult =
  | { ok: true; digits: string; expiry: { month: number; year: number } }
  | { ok: false; errors: CardErrors; holder: string; expiry: string };

/**
 * Validates the hosted form. `digits` leaves this function and is never logged or stored; the expiry
 * is kept with the last 4 digits (a saved card's notification reports it).
 */
export function validateCardForm(form: Record<string, unknown>, now: Date): CardFormResult {
  const str = (name: string) => (typeof form[name] === "string" ? (form[name] as string) : "").trim();
  const digits = normalizeCardNumber(str("card_number"));
  const expiry = str("expiry");
  const cvc = str("cvc");
  const holder = str("holder");
  const errors: CardErrors = {};

  if (!isValidCardNumber(digits)) errors.card_number = "errCardNumber";
  const exp = /^(\d{2})\s*\/?\s*(\d{2})$/.exec(expiry);
  const month = Number(exp?.[1]);
  const year = 2000 + Number(exp?.[2]);
  if (!exp || month < 1 || month > 12) {
    errors.expiry = "errExpiryFormat";
  } else {
    // A card is valid through the last day of its expiry month.
    const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
    if (year * 12 + (month - 1) < current) errors.expiry = "errExpired";
  }
  if (!/^\d{3}$/.test(cvc)) errors.cvc = "errCvc";
  if (!/^[\p{L}][\p{L} .'-]{0,99}$/u.test(holder)) errors.holder = "errHolder";

  return Object.keys(errors).length === 0
    ? { ok: true, digits, expiry: { month, year } }
    : { ok: false, errors, holder, expiry };
}
