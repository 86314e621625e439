import { html, nothing } from "lit";
import { lk } from "../../api/lk";
import type { BonusEntry } from "../../api/types";
import { fmtDateTime, fmtMoney } from "../../core/format";
import { L } from "../../core/i18n";
import { query } from "../../core/router";
import { can } from "../../core/session";
import { LkScreen } from "../../ui/base";
import { bonusKind } from "../../ui/labels";
import { loadState, pageHeader, pager } from "../../ui/parts";

/**
 * Bonuses: the company's balance, how to spend it (at payment, toward any account), and the history
 * — what was earned on which payment and what was spent where, by account number.
 */
export class LkBonuses extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    balance: { state: true },
    rows: { state: true },
    next: { state: true },
  };
  protected balance: number | null = null;
  protected rows: BonusEntry[] = [];
  protected next: string | null = null;

  protected override async load(signal: AbortSignal) {
    const cursor = query().get("cursor") ?? undefined;
    const b = await lk.bonuses.get({ limit: 50, ...(cursor ? { cursor } : {}) }, { signal });
    this.balance = b.balance;
    this.rows = b.data;
    this.next = b.next_cursor;
  }

  protected override render() {
    const q = query();
    return html`${pageHeader(L("Бонусы", "Bonuses"))}
      ${this.balance === null ? loadState(this.loading, this.loadError, false) : nothing}
      ${this.balance === null ? nothing : this.summary()}
      <section class="card" aria-labelledby="h-bonus-history">
        <h2 id="h-bonus-history">${L("История", "History")}</h2>
        ${this.balance !== null && !this.rows.length ? html`<p class="empty">${L("Начислений и списаний пока не было", "No accruals or spending yet")}</p>` : nothing}
        ${
          this.rows.length
            ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-bonus-history"><table>
            <thead><tr><th>${L("Когда", "When")}</th><th>${L("Что", "What")}</th><th>${L("Лицевые счета", "Accounts")}</th><th class="num">${L("Бонусы", "Bonuses")}</th><th class="num">${L("Остаток", "Balance")}</th></tr></thead>
            <tbody>${this.rows.map(
              (e) => html`<tr>
                <td>${fmtDateTime(e.created_at)}</td>
                <td>${e.payment_id ? html`<a href="/payments/${e.payment_id}">${bonusKind(e.kind)}</a>` : bonusKind(e.kind)}</td>
                <td>${e.account_numbers.length ? e.account_numbers.join(", ") : "—"}</td>
                <td class="num ${e.amount < 0 ? "neg" : ""}">${e.amount > 0 ? "+" : ""}${fmtMoney(e.amount)}</td>
                <td class="num">${fmtMoney(e.balance_after)}</td></tr>`,
            )}</tbody></table></div>`
            : nothing
        }
        ${pager(this.next, q.has("cursor"))}
      </section>`;
  }

  private summary() {
    return html`<div class="grid">
      <section class="card" aria-labelledby="h-bonus-balance">
        <h2 id="h-bonus-balance">${L("Бонусный баланс", "Bonus balance")}</h2>
        <p class="figure" data-testid="bonus-balance">${fmtMoney(this.balance)}</p>
        <p class="muted">${L("Один бонус — один рубль. Баланс общий для всех лицевых счетов компании.", "One bonus is one rouble. The balance is shared by all the company's accounts.")}</p>
      </section>
      <section class="card" aria-labelledby="h-bonus-how">
        <h2 id="h-bonus-how">${L("Как потратить", "How to spend them")}</h2>
        <p>${L(
          "При оплате укажите, сколько бонусов списать: они оплатят счета частично или полностью, остальное — картой или по СБП. Комиссии за оплату бонусами нет.",
          "When paying, enter how many bonuses to spend: they pay the accounts in part or in full, the rest by card or SBP. Paying with bonuses carries no fee.",
        )}</p>
        <p>${L(
          "Бонусы начисляются с части платежа, оплаченной картой или по СБП: в кабинете, автоплатежом и на сайтах партнёров.",
          "Bonuses are earned on the part of a payment made by card or SBP: in the cabinet, by autopay and on partner sites.",
        )}</p>
        ${
          can("payments:write") && this.balance
            ? html`<a class="button" href="/pay">${L("Оплатить бонусами", "Pay with bonuses")}</a>`
            : nothing
        }
      </section>
    </div>`;
  }
}

customElements.define("lk-bonuses", LkBonuses);
