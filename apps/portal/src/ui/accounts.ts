import { html } from "lit";
import { list } from "../api/client";
import type { Account } from "../api/types";
import { fmtMoney } from "../core/format";
import { L } from "../core/i18n";

// The account pickers of forms (transfers, orders, autopay…). The first 1 000 accounts by number
// are enough for a select; larger companies type the number into the search of the accounts list.

let cache: Promise<Account[]> | undefined;
export function accountOptions(signal?: AbortSignal): Promise<Account[]> {
  cache ??= list<Account>("/v1/accounts", { limit: 1000, sort: "number" }, signal)
    .then((p) => p.data)
    .catch((e) => {
      cache = undefined;
      throw e;
    });
  return cache;
}
addEventListener("lk-signed-in", () => {
  cache = undefined;
});

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
