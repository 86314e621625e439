import { html, nothing } from "lit";
import { fieldErrors } from "../api/client";
import type { Account } from "../api/types";
import { parseRubles, plural } from "../core/format";
import { L } from "../core/i18n";
import { accountSelect } from "./accounts";
import { field } from "./parts";

// The «to these accounts, these amounts» lines of the transfer and the unallocated-money forms:
// one row per account, rows added and removed by key, checked here and marked from the API's
// `targets.N.account_id` / `targets.N.amount` errors.

export type Target = { account_id: string; amount: number };
type Errors = Record<string, string | null>;

export const accountsWord = (n: number) =>
  plural(
    n,
    { one: "лицевой счёт", few: "лицевых счёта", many: "лицевых счетов" },
    { one: "account", other: "accounts" },
  );

/**
 * The rows' accounts and amounts as entered, with a message per field that is wrong: no account,
 * one listed twice, `sameAs` (the source of a transfer), or no amount above zero.
 */
export function readTargets(
  f: FormData,
  keys: number[],
  sameAs?: string,
): { targets: Target[]; errors: Errors } {
  const errors: Errors = {};
  const targets: Target[] = [];
  for (const k of keys) {
    const to = String(f.get(`to-${k}`) ?? "");
    const amount = parseRubles(String(f.get(`amount-${k}`) ?? ""));
    errors[`to-${k}`] = !to
      ? L("Выберите счёт", "Pick an account")
      : sameAs !== undefined && to === sameAs
        ? L("Счета должны различаться", "Accounts must differ")
        : targets.some((t) => t.account_id === to)
          ? L("Этот счёт уже в списке", "This account is already listed")
          : null;
    errors[`amount-${k}`] =
      amount && amount > 0 ? null : L("Сумма в рублях больше нуля", "An amount in rubles above zero");
    if (to && amount) targets.push({ account_id: to, amount });
  }
  return { targets, errors };
}

/** The API's field errors, `targets.N.*` put on row N's control. */
export function targetErrors(err: unknown, keys: number[]): Errors {
  const marked: Errors = { ...fieldErrors(err) };
  for (const x of (err as { fields?: { field: string; message: string }[] }).fields ?? []) {
    const m = /^targets\.(\d+)\.(account_id|amount)$/.exec(x.field);
    const key = m ? keys[Number(m[1])] : undefined;
    if (m && key !== undefined) marked[`${m[2] === "amount" ? "amount" : "to"}-${key}`] = x.message;
  }
  return marked;
}

/** One row: the account, the amount (optionally filled in) and «Убрать» when there are several. */
export function targetRow(o: {
  /** Prefix of the controls' ids, unique on the page. */
  id: string;
  key: number;
  label: string;
  removeLabel: string;
  accounts: Account[];
  errors: Errors;
  amount?: string;
  onRemove?: () => void;
}) {
  const k = o.key;
  const amountError = o.errors[`amount-${k}`];
  return html`<div class="filters transfer-target" role="group" aria-label=${o.label}>
    ${field(L("На счёт", "To"), `${o.id}-to-${k}`, accountSelect(`${o.id}-to-${k}`, `to-${k}`, o.accounts), o.errors[`to-${k}`])}
    ${field(L("Сумма, ₽", "Amount, ₽"), `${o.id}-amount-${k}`, html`<input id="${o.id}-amount-${k}" name="amount-${k}" inputmode="decimal" .defaultValue=${o.amount ?? ""} aria-invalid=${amountError ? "true" : "false"} aria-describedby="${o.id}-amount-${k}-err" />`, amountError)}
    ${
      o.onRemove
        ? html`<button type="button" class="link" @click=${o.onRemove}>${L("Убрать", "Remove")}<span class="visually-hidden"> ${o.removeLabel}</span></button>`
        : nothing
    }
  </div>`;
}
