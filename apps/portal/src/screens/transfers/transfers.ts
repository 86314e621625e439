import { html, nothing } from "lit";
import { errorText, fieldErrors, list, post } from "../../api/client";
import type { Account, Transfer } from "../../api/types";
import { fmtDateTime, fmtMoney, parseRubles } from "../../core/format";
import { L } from "../../core/i18n";
import { query } from "../../core/router";
import { canWrite } from "../../core/session";
import { accountOptions, accountSelect } from "../../ui/accounts";
import { LkScreen } from "../../ui/base";
import { field, loadState, pageHeader, pager, statusLine } from "../../ui/parts";

/** Move money between the company's own accounts; the history of transfers. */
export class LkTransfers extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    rows: { state: true },
    next: { state: true },
    accounts: { state: true },
    errors: { state: true },
  };
  protected rows: Transfer[] = [];
  protected next: string | null = null;
  protected accounts: Account[] = [];
  protected errors: Record<string, string | null> = {};

  protected override async load(signal: AbortSignal) {
    const [page, accounts] = await Promise.all([
      list<Transfer>("/v1/transfers", { cursor: query().get("cursor") ?? undefined }, signal),
      accountOptions(signal),
    ]);
    this.rows = page.data;
    this.next = page.next_cursor;
    this.accounts = accounts;
  }

  private number(id: string) {
    return this.accounts.find((a) => a.id === id)?.number ?? id.slice(0, 8);
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const from = String(f.get("from") ?? "");
    const to = String(f.get("to") ?? "");
    const amount = parseRubles(String(f.get("amount") ?? ""));
    this.errors = {
      from: from ? null : L("Выберите счёт", "Pick an account"),
      to: !to
        ? L("Выберите счёт", "Pick an account")
        : to === from
          ? L("Счета должны различаться", "Accounts must differ")
          : null,
      amount: amount && amount > 0 ? null : L("Сумма в рублях больше нуля", "An amount in rubles above zero"),
    };
    if (Object.values(this.errors).some(Boolean)) return;
    this.status = { kind: "busy", text: L("Переводим…", "Transferring…") };
    try {
      await post("/v1/transfers", { from_account_id: from, targets: [{ account_id: to, amount }] });
      this.status = {
        kind: "ok",
        text: L(`Переведено ${fmtMoney(amount)}`, `Transferred ${fmtMoney(amount)}`),
      };
      (e.target as HTMLFormElement).reset();
      await this.reload();
    } catch (err) {
      this.errors = fieldErrors(err);
      this.status = { kind: "error", text: errorText(err) };
    }
  }

  protected override render() {
    return html`${pageHeader(L("Переводы между счетами", "Transfers between accounts"))}
      ${
        canWrite()
          ? html`<section class="card" aria-labelledby="h-tr"><h2 id="h-tr">${L("Новый перевод", "New transfer")}</h2>
          <form @submit=${this.submit} novalidate class="filters">
            ${field(L("Со счёта", "From"), "t-from", accountSelect("t-from", "from", this.accounts), this.errors.from ?? this.errors.from_account_id)}
            ${field(L("На счёт", "To"), "t-to", accountSelect("t-to", "to", this.accounts), this.errors.to)}
            ${field(L("Сумма, ₽", "Amount, ₽"), "t-amount", html`<input id="t-amount" name="amount" inputmode="decimal" />`, this.errors.amount)}
            <button type="submit">${L("Перевести", "Transfer")}</button>
          </form>${statusLine(this.status)}</section>`
          : nothing
      }
      ${loadState(this.loading, this.loadError, !this.loading && !this.rows.length)}
      ${
        this.rows.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Переводы", "Transfers")}><table>
          <thead><tr><th>${L("Дата", "Date")}</th><th>${L("Со счёта", "From")}</th><th>${L("На счета", "To")}</th><th class="num">${L("Сумма", "Amount")}</th></tr></thead>
          <tbody>${this.rows.map(
            (t) => html`<tr><td>${fmtDateTime(t.created_at)}</td><td>${this.number(t.from_account_id)}</td>
            <td>${t.targets.map((x) => `${this.number(x.account_id)}: ${fmtMoney(x.amount)}`).join("; ")}</td><td class="num">${fmtMoney(t.amount)}</td></tr>`,
          )}</tbody></table></div>`
          : nothing
      }
      ${pager(this.next, query().has("cursor"))}`;
  }
}

customElements.define("lk-transfers", LkTransfers);
