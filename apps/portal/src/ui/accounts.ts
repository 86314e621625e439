import { html } from "lit";
import { rows } from "../api/client";
import { lk } from "../api/lk";
import type { Account } from "../api/types";
import { fmtMoney } from "../core/format";
import { L } from "../core/i18n";

// The account pickers of forms (transfers, orders, autopay…). The first 1 000 accounts by number
// are enough for a select; larger companies type the number into the search of the accounts list.

let cache: Promise<Account[]> | undefined;
export function accountOptions(signal?: AbortSignal): Promise<Account[]> {
  cache ??= rows(lk.accounts.list({ limit: 1000, sort: "number" }, signal ? { signal } : {})).catch((e) => {
    cache = undefined;
    throw e;
  });
  return cache;
}
/** Balances change after a payment, a transfer or a promised payment: pickers must not show old ones. */
export const forgetAccounts = () => {
  cache = undefined;
};
addEventListener("lk-signed-in", forgetAccounts);
addEventListener("lk-money-moved", forgetAccounts);

export const accountSelect = (
  id: string,
  name: string,
  accounts: Account[],
  selected = "",
  anyLabel?: string,
) =>
  html`<select id=${id} name=${name}>
    ${anyLabel !== undefined ? html`<option value="">${anyLabel}</option>` : html`<option value="">${L("— выберите счёт —", "— pick an account —")}</option>`}
    ${accounts.map((a) => html`<option value=${a.id} ?selected=${a.id === selected}>${a.number} · ${fmtMoney(a.balance_amount)}</option>`)}
  </select>`;
