import { html, nothing } from "lit";
import { errorText, page } from "../../api/client";
import { lk } from "../../api/lk";
import type { Account, Transfer } from "../../api/types";
import { fmtDateTime, fmtMoney } from "../../core/format";
import { L } from "../../core/i18n";
import { query } from "../../core/router";
import { can } from "../../core/session";
import { accountsWord, readTargets, targetErrors, targetRow } from "../../ui/account-targets";
import { accountOptions, accountSelect } from "../../ui/accounts";
import { LkScreen } from "../../ui/base";
import { moneyMoved } from "../../ui/money";
import { field, loadState, pageHeader, pager, statusLine } from "../../ui/parts";

/** Move money between the company's own accounts; the history of transfers. */
export class LkTransfers extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    rows: { state: true },
    next: { state: true },
    accounts: { state: true },
    errors: { state: true },
    targets: { state: true },
  };
  protected rows: Transfer[] = [];
  protected next: string | null = null;
  protected accounts: Account[] = [];
  protected errors: Record<string, string | null> = {};
  /** Row keys of the "to" lines: the API takes one source and many targets in one transfer. */
  protected targets: number[] = [0];
  private seq = 1;

  protected override async load(signal: AbortSignal) {
    const [p, accounts] = await Promise.all([
      page(lk.transfers.list({}, { signal }), query().get("cursor")),
      accountOptions(signal),
    ]);
    this.rows = p.data;
    this.next = p.next_cursor;
    this.accounts = accounts;
  }

  private number(id: string) {
    return this.accounts.find((a) => a.id === id)?.number ?? "—";
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const from = String(f.get("from") ?? "");
    const { targets, errors } = readTargets(f, this.targets, from);
    errors.from = from ? null : L("Выберите счёт", "Pick an account");
    this.errors = errors;
    if (Object.values(errors).some(Boolean)) {
      await this.updateComplete;
      (this.querySelector("[aria-invalid=true]") as HTMLElement | null)?.focus();
      return;
    }
    const total = targets.reduce((s, t) => s + t.amount, 0);
    this.status = { kind: "busy", text: L("Переводим…", "Transferring…") };
    try {
      await lk.transfers.create({ from_account_id: from, targets });
      this.status = {
        kind: "ok",
        text: L(
          `Переведено ${fmtMoney(total)} на ${accountsWord(targets.length)}`,
          `Transferred ${fmtMoney(total)} to ${accountsWord(targets.length)}`,
        ),
      };
      form.reset();
      this.targets = [0];
      // Balances changed on both ends: pickers and every screen read them again.
      moneyMoved();
    } catch (err) {
      this.errors = targetErrors(err, this.targets);
      this.status = { kind: "error", text: errorText(err) };
    }
  }

  private targetRow(k: number, i: number) {
    return targetRow({
      id: "t",
      key: k,
      label: L(`Получатель ${i + 1}`, `Recipient ${i + 1}`),
      removeLabel: L(`получателя ${i + 1}`, `recipient ${i + 1}`),
      accounts: this.accounts,
      errors: this.errors,
      onRemove:
        this.targets.length > 1
          ? () => {
              this.targets = this.targets.filter((x) => x !== k);
            }
          : undefined,
    });
  }

  protected override render() {
    return html`${pageHeader(L("Переводы между счетами", "Transfers between accounts"))}
      ${
        can("payments:write")
          ? html`<section class="card" aria-labelledby="h-tr"><h2 id="h-tr">${L("Новый перевод", "New transfer")}</h2>
          <form @submit=${this.submit} novalidate>
            <div class="filters">${field(L("Со счёта", "From"), "t-from", accountSelect("t-from", "from", this.accounts), this.errors.from ?? this.errors.from_account_id)}</div>
            ${this.targets.map((k, i) => this.targetRow(k, i))}
            <div class="actions">
              <button type="button" class="secondary" id="t-add" @click=${() => {
                this.targets = [...this.targets, this.seq++];
              }}>${L("Добавить получателя", "Add a recipient")}</button>
              <button type="submit">${L("Перевести", "Transfer")}</button>
            </div>
          </form>${statusLine(this.status)}</section>`
          : nothing
      }
      ${loadState(this.loading, this.loadError, !this.loading && !this.rows.length, ["Переводов пока нет", "No transfers yet"])}
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
