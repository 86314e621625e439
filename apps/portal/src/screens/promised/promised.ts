import { html, nothing } from "lit";
import { errorText, get, post } from "../../api/client";
import type { Account, PromisedPaymentInfo } from "../../api/types";
import { fmtDate, fmtMoney, parseRubles, rublesInput } from "../../core/format";
import { L } from "../../core/i18n";
import { query, setQuery } from "../../core/router";
import { canWrite } from "../../core/session";
import { accountOptions, accountSelect } from "../../ui/accounts";
import { LkScreen } from "../../ui/base";
import { field, loadState, pageHeader, statusLine } from "../../ui/parts";

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
    this.info = id
      ? await get<PromisedPaymentInfo>(`/v1/accounts/${encodeURIComponent(id)}/promised-payment`, {}, signal)
      : null;
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
    if (this.error) return;
    this.status = { kind: "busy", text: L("Подключаем обещанный платёж…", "Taking the promised payment…") };
    try {
      await post(`/v1/accounts/${info.account_id}/promised-payment`, { amount });
      this.status = {
        kind: "ok",
        text: L(
          `Зачислено ${fmtMoney(amount)} на ${info.days} дн.`,
          `Credited ${fmtMoney(amount)} for ${info.days} days`,
        ),
      };
      await this.reload();
    } catch (err) {
      this.status = { kind: "error", text: errorText(err) };
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
                  `Можно взять до ${fmtMoney(i.limit)} на ${i.days} дн.`,
                  `You may take up to ${fmtMoney(i.limit)} for ${i.days} days.`,
                )
              : html`<strong>${L("Сейчас недоступно", "Not available now")}</strong>: ${i.reason_message ?? i.reason}`
          }</p>
          ${i.active ? html`<p>${L("Действует", "Active")}: ${fmtMoney(i.active.amount)} ${L("до", "until")} ${fmtDate(i.active.expires_at)}</p>` : nothing}
          ${
            i.eligible && canWrite()
              ? html`<form @submit=${this.take} novalidate class="filters">
              ${field(L("Сумма, ₽", "Amount, ₽"), "pp-amount", html`<input id="pp-amount" name="amount" inputmode="decimal" .value=${rublesInput(i.limit)} />`, this.error)}
              <button type="submit">${L("Взять обещанный платёж", "Take the promised payment")}</button></form>`
              : nothing
          }
          ${i.history.length ? html`<h2>${L("История", "History")}</h2><ul>${i.history.map((h) => (h ? html`<li>${fmtDate(h.created_at)}: ${fmtMoney(h.amount)} — ${h.status}</li>` : nothing))}</ul>` : nothing}
          ${statusLine(this.status)}</section>`
          : html`<p class="empty">${L("Выберите счёт", "Pick an account")}</p>`
      }`;
  }
}

customElements.define("lk-promised", LkPromised);
