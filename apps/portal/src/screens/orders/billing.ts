import { html, nothing } from "lit";
import { errorText, fieldErrors } from "../../api/client";
import { lk } from "../../api/lk";
import type { Account } from "../../api/types";
import { fmtMoney } from "../../core/format";
import { L } from "../../core/i18n";
import { navigate } from "../../core/router";
import { accountOptions } from "../../ui/accounts";
import { LkScreen } from "../../ui/base";
import { billingSystemName } from "../../ui/labels";
import { field, loadState, pageHeader, statusLine } from "../../ui/parts";

/**
 * A request to switch an account between advance and credit payment. It goes to the operator as an
 * order (kind change_billing) and is tracked in «Заявки» like any other; the switch happens when the
 * operator carries it out.
 */
export class LkBillingSwitch extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    accounts: { state: true },
    picked: { state: true },
    errors: { state: true },
  };
  protected accounts: Account[] = [];
  protected picked: Account | null = null;
  protected errors: Record<string, string | null> = {};

  protected override async load(signal: AbortSignal) {
    this.accounts = (await accountOptions(signal)).filter((a) => a.status !== "closed");
    const wanted = new URLSearchParams(location.search).get("account_id");
    this.picked = this.accounts.find((a) => a.id === wanted) ?? null;
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const acc = this.picked;
    this.errors = { account_id: acc ? null : L("Выберите счёт", "Pick an account") };
    if (!acc) return;
    const comment = String(f.get("comment") ?? "").trim();
    this.status = { kind: "busy", text: L("Отправляем заявку…", "Sending the request…") };
    try {
      const o = await lk.orders.create({
        kind: "change_billing",
        account_id: acc.id,
        billing_system: acc.billing_system === "advance" ? "credit" : "advance",
        ...(comment ? { comment } : {}),
      });
      this.status = null;
      navigate(`/orders/${o.id}`);
    } catch (err) {
      this.errors = fieldErrors(err);
      this.status = { kind: "error", text: errorText(err) };
    }
  }

  protected override render() {
    const a = this.picked;
    const target = a ? (a.billing_system === "advance" ? "credit" : "advance") : null;
    return html`${pageHeader(L("Смена системы расчётов", "Change the payment system"))}
      <p>${L(
        "Авансовая система — услуги оплачиваются вперёд; кредитная — счёт выставляется после месяца. Перевод выполняет оператор по заявке; её ход виден в разделе «Заявки».",
        "Advance: services are paid ahead; credit: billed after the month. The operator switches the account on request; follow it in Orders.",
      )}</p>
      ${loadState(this.loading, this.loadError, false)}
      <section class="card">
        <form @submit=${this.submit} novalidate>
          ${field(
            L("Лицевой счёт", "Account"),
            "bs-acc",
            html`<select id="bs-acc" name="account_id" aria-describedby="bs-acc-err" @change=${(e: Event) => {
              const id = (e.target as HTMLSelectElement).value;
              this.picked = this.accounts.find((x) => x.id === id) ?? null;
              this.errors = {};
            }}>
              <option value="">${L("— выберите счёт —", "— pick an account —")}</option>
              ${this.accounts.map((x) => html`<option value=${x.id} ?selected=${x.id === a?.id}>${x.number} · ${fmtMoney(x.balance_amount)}</option>`)}
            </select>`,
            this.errors.account_id,
          )}
          ${
            a && target
              ? html`<p id="bs-change">${L("Сейчас", "Now")}: <strong>${billingSystemName(a.billing_system)}</strong> →
                  ${L("перевести на", "switch to")} <strong>${billingSystemName(target)}</strong></p>`
              : nothing
          }
          ${field(L("Комментарий для оператора", "Comment for the operator"), "bs-comment", html`<textarea id="bs-comment" name="comment" rows="3" maxlength="2000"></textarea>`, this.errors.comment)}
          ${this.errors.billing_system ? html`<p class="error-text" role="alert">${this.errors.billing_system}</p>` : nothing}
          <button type="submit" ?disabled=${this.status?.kind === "busy"}>${L("Отправить заявку", "Send the request")}</button>
        </form>
        ${statusLine(this.status)}
      </section>
      <p><a href="/orders?kind=change_billing">${L("Мои заявки на смену системы расчётов", "My payment-system requests")}</a></p>`;
  }
}

customElements.define("lk-billing-switch", LkBillingSwitch);
