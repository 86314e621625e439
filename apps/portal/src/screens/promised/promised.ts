import { html, nothing } from "lit";
import { lk } from "../../api/lk";
import type { Account, PromisedPaymentInfo } from "../../api/types";
import { fmtDate, fmtMoney, parseRubles, plural, rublesInput } from "../../core/format";
import { L } from "../../core/i18n";
import { query, setQuery } from "../../core/router";
import { can } from "../../core/session";
import { accountOptions, accountSelect } from "../../ui/accounts";
import { LkScreen } from "../../ui/base";
import { moneyMoved } from "../../ui/money";
import { field, loadState, pageHeader, statusLine } from "../../ui/parts";

const days = (n: number) =>
  plural(n, { one: "день", few: "дня", many: "дней" }, { one: "day", other: "days" });

const promisedStatus = (s: string) =>
  ({
    active: L("действует", "active"),
    repaid: L("погашен", "repaid"),
    expired_unpaid: L("истёк, не погашен", "expired unpaid"),
  })[s] ?? L("завершён", "closed");

/** Promised (trust) payment: whether the account may take one, for how much, and its history. */
export class LkPromised extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    info: { state: true },
    accounts: { state: true },
    error: { state: true },
  };
  protected info: PromisedPaymentInfo | null = null;
  protected accounts: Account[] = [];
  protected error: string | null = null;

  protected override async load(signal: AbortSignal) {
    this.accounts = await accountOptions(signal);
    const id = query().get("account");
    this.info = id ? await lk.accounts.promisedPayment(id, { signal }) : null;
  }

  private async take(e: SubmitEvent) {
    e.preventDefault();
    const info = this.info;
    if (!info) return;
    const amount = parseRubles(String(new FormData(e.target as HTMLFormElement).get("amount") ?? ""));
    this.error = !amount
      ? L("Сумма в рублях", "An amount in rubles")
      : amount > info.limit
        ? L(`Не больше ${fmtMoney(info.limit)}`, `At most ${fmtMoney(info.limit)}`)
        : null;
    if (this.error || !amount) return;
    this.status = { kind: "busy", text: L("Подключаем обещанный платёж…", "Taking the promised payment…") };
    try {
      await lk.accounts.takePromisedPayment(info.account_id, { amount });
      this.status = {
        kind: "ok",
        text: L(
          `Зачислено ${fmtMoney(amount)} на ${days(info.days)}`,
          `Credited ${fmtMoney(amount)} for ${days(info.days)}`,
        ),
      };
      // The account picker and every balance on screen must show the new balance, not the old one.
      moneyMoved();
    } catch (err) {
      this.error = (await this.failed(err, e.target as HTMLFormElement)).amount ?? null;
    }
  }

  protected override render() {
    const i = this.info;
    return html`${pageHeader(L("Обещанный платёж", "Promised payment"))}
      <div class="filters">${field(L("Лицевой счёт", "Account"), "pp-acc", html`<span @change=${(e: Event) => setQuery({ account: (e.target as HTMLSelectElement).value })}>${accountSelect("pp-acc", "account", this.accounts, query().get("account") ?? "")}</span>`)}</div>
      ${loadState(this.loading, this.loadError, false)}
      ${
        i
          ? html`<section class="card">
          <p>${
            i.eligible
              ? L(
                  `Можно взять до ${fmtMoney(i.limit)} на ${days(i.days)}.`,
                  `You may take up to ${fmtMoney(i.limit)} for ${days(i.days)}.`,
                )
              : html`<strong>${L("Сейчас недоступно", "Not available now")}</strong>: ${i.reason_message ?? L("условия не выполнены", "the conditions are not met")}`
          }</p>
          ${i.active ? html`<p>${L("Действует", "Active")}: ${fmtMoney(i.active.amount)} ${L("до", "until")} ${fmtDate(i.active.expires_at)}</p>` : nothing}
          ${
            i.eligible && can("payments:write")
              ? html`<form @submit=${this.take} novalidate class="filters">
              ${field(L("Сумма, ₽", "Amount, ₽"), "pp-amount", html`<input id="pp-amount" name="amount" inputmode="decimal" .value=${rublesInput(i.limit)} />`, this.error)}
              <button type="submit">${L("Взять обещанный платёж", "Take the promised payment")}</button></form>`
              : nothing
          }
          ${i.history.length ? html`<h2>${L("История", "History")}</h2><ul>${i.history.map((h) => (h ? html`<li>${fmtDate(h.created_at)}: ${fmtMoney(h.amount)} — ${promisedStatus(h.status)}</li>` : nothing))}</ul>` : nothing}
          ${statusLine(this.status)}</section>`
          : html`<p class="empty">${L("Выберите счёт", "Pick an account")}</p>`
      }`;
  }
}

customElements.define("lk-promised", LkPromised);
