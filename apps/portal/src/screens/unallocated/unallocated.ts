import { html, nothing } from "lit";
import { errorText } from "../../api/client";
import { lk } from "../../api/lk";
import type { Account, Unallocated } from "../../api/types";
import { fmtDateTime, fmtMoney, rublesInput } from "../../core/format";
import { L } from "../../core/i18n";
import { accountsWord, readTargets, targetErrors, targetRow } from "../../ui/account-targets";
import { accountOptions } from "../../ui/accounts";
import { LkScreen } from "../../ui/base";
import { moneyMoved } from "../../ui/money";
import { loadState, pageHeader, statusLine } from "../../ui/parts";

/**
 * The company's unallocated money: bank transfers whose payer we recognised (by INN) but whose
 * accounts we could not tell. The accountant puts it on one or several accounts; each distribution
 * is a payment through the ledger that settles the accounts' invoices (docs/bank-transfers.md).
 */
export class LkUnallocated extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    data: { state: true },
    accounts: { state: true },
    errors: { state: true },
    targets: { state: true },
  };
  protected data: Unallocated | null = null;
  protected accounts: Account[] = [];
  protected errors: Record<string, string | null> = {};
  /** Row keys of the target lines (one account and amount each). */
  protected targets: number[] = [0];
  private seq = 1;
  /**
   * One Idempotency-Key per distribution the accountant means: a second click or a retry after a
   * lost answer replays the first one instead of moving the money twice. New after a success.
   */
  private key = crypto.randomUUID();

  protected override async load(signal: AbortSignal) {
    const [data, accounts] = await Promise.all([lk.unallocated.get({ signal }), accountOptions(signal)]);
    this.data = data;
    this.accounts = accounts.filter((a) => a.status !== "closed");
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const balance = this.data?.balance ?? 0;
    const { targets, errors } = readTargets(f, this.targets);
    const total = targets.reduce((s, t) => s + t.amount, 0);
    const last = this.targets[this.targets.length - 1]!;
    if (!errors[`amount-${last}`] && total > balance)
      errors[`amount-${last}`] = L(
        `Всего больше, чем нераспределено (${fmtMoney(balance)})`,
        `More in total than is unallocated (${fmtMoney(balance)})`,
      );
    this.errors = errors;
    if (Object.values(errors).some(Boolean)) {
      await this.updateComplete;
      (
        this.querySelector("[aria-invalid=true], .invalid select, .invalid input") as HTMLElement | null
      )?.focus();
      return;
    }
    this.status = { kind: "busy", text: L("Распределяем…", "Distributing…") };
    try {
      await lk.unallocated.distribute({ targets }, { idempotencyKey: this.key });
      this.key = crypto.randomUUID();
      this.status = {
        kind: "ok",
        text: L(
          `Зачислено ${fmtMoney(total)} на ${accountsWord(targets.length)}`,
          `${fmtMoney(total)} credited to ${accountsWord(targets.length)}`,
        ),
      };
      form.reset();
      this.targets = [0];
      // Balances, «К оплате сейчас» and invoice statuses changed: every screen reads them again.
      moneyMoved();
    } catch (err) {
      this.errors = targetErrors(err, this.targets);
      this.status = { kind: "error", text: errorText(err) };
    }
  }

  private targetRow(k: number, i: number) {
    return targetRow({
      id: "u",
      key: k,
      label: L(`Лицевой счёт ${i + 1}`, `Account ${i + 1}`),
      removeLabel: L(`счёт ${i + 1}`, `account ${i + 1}`),
      accounts: this.accounts,
      errors: this.errors,
      // The first line offers the whole balance: most often it all goes to one account.
      amount: i === 0 && this.data ? rublesInput(this.data.balance) : "",
      onRemove:
        this.targets.length > 1
          ? () => {
              this.targets = this.targets.filter((x) => x !== k);
            }
          : undefined,
    });
  }

  private form() {
    return html`<section class="card" aria-labelledby="h-dist"><h2 id="h-dist">${L("Распределить по лицевым счетам", "Distribute to accounts")}</h2>
      <form @submit=${this.submit} novalidate>
        ${this.targets.map((k, i) => this.targetRow(k, i))}
        <div class="actions">
          <button type="button" class="secondary" id="u-add" @click=${() => {
            this.targets = [...this.targets, this.seq++];
          }}>${L("Добавить счёт", "Add an account")}</button>
          <button type="submit">${L("Зачислить", "Credit")}</button>
        </div>
      </form></section>`;
  }

  protected override render() {
    const d = this.data;
    return html`${pageHeader(L("Нераспределённые средства", "Unallocated money"))}
      <p class="hint">${L(
        "Деньги, которые пришли переводом от вашей компании, но без номера лицевого счёта или счёта на оплату. Распределите их — они поступят на выбранные лицевые счета и закроют их счета на оплату.",
        "Money your company sent by bank transfer without an account or invoice number. Distribute it: it lands on the accounts you choose and pays their invoices.",
      )}</p>
      ${loadState(this.loading && !d, this.loadError, false)}
      ${
        d
          ? html`<section class="card" aria-labelledby="h-bal"><h2 id="h-bal">${L("Не распределено", "Not distributed")}</h2>
              <p class="figure" id="u-balance">${fmtMoney(d.balance)}</p></section>
              ${d.balance > 0 ? this.form() : html`<p class="empty">${L("Всё распределено: на лицевые счета ждать нечего.", "Everything is distributed: nothing is waiting for an account.")}</p>`}
              ${statusLine(this.status)}
              ${
                d.entries.length
                  ? html`<h2>${L("Движение", "Movements")}</h2>
                  <div class="table-wrap" tabindex="0" role="region" aria-label=${L("Движение нераспределённых средств", "Movements of unallocated money")}><table>
                  <thead><tr><th>${L("Дата", "Date")}</th><th>${L("Откуда и куда", "From and to")}</th><th class="num">${L("Сумма", "Amount")}</th><th class="num">${L("Остаток", "Left")}</th></tr></thead>
                  <tbody>${d.entries.map(
                    (e) => html`<tr><td>${fmtDateTime(e.created_at)}</td>
                      <td>${e.payment_id && e.amount < 0 ? html`<a href="/payments/${e.payment_id}">${e.description}</a>` : e.description}</td>
                      <td class="num">${e.amount > 0 ? "+" : "−"}${fmtMoney(Math.abs(e.amount))}</td><td class="num">${fmtMoney(e.balance_after)}</td></tr>`,
                  )}</tbody></table></div>`
                  : nothing
              }`
          : nothing
      }`;
  }
}

customElements.define("lk-unallocated", LkUnallocated);
