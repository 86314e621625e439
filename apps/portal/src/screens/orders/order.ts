import { html, nothing } from "lit";
import { lk } from "../../api/lk";
import type { OrderDetail } from "../../api/types";
import { fmtDateTime } from "../../core/format";
import { L } from "../../core/i18n";
import { can } from "../../core/session";
import { LkScreen } from "../../ui/base";
import { billingSystemName, orderKind, orderStatus } from "../../ui/labels";
import { loadState, pageHeader, statusLine } from "../../ui/parts";

/** Tracking one order: its status timeline; cancel while the operator has not taken it. */
export class LkOrder extends LkScreen {
  static override properties = { ...LkScreen.properties, o: { state: true } };
  protected o: OrderDetail | null = null;

  protected override async load(signal: AbortSignal) {
    this.o = await lk.orders.get(this.params.id ?? "", { signal });
  }

  protected override render() {
    const o = this.o;
    if (!o) return html`${pageHeader(L("Заявка", "Order"))}${loadState(this.loading, this.loadError, false)}`;
    // Which service it is about (its number or login), when there is one: an account has several.
    const what = o.service_identifier ? `${orderKind(o.kind)} ${o.service_identifier}` : orderKind(o.kind);
    return html`${pageHeader(`${what} · ${o.account_number}`)}
      <section class="card"><p>${L("Статус", "Status")}: <strong>${orderStatus(o.status)}</strong></p>
        ${o.billing_system ? html`<p>${L("Перевести на систему расчётов", "Switch to payment system")}: <strong>${billingSystemName(o.billing_system)}</strong></p>` : nothing}
        ${o.comment ? html`<p>${o.comment}</p>` : nothing}
        <h2>${L("Ход выполнения", "Timeline")}</h2>
        <ol>${o.timeline.map((e) => html`<li>${fmtDateTime(e.at)} — ${orderStatus(e.status)} (${e.actor === "operator" ? L("оператор", "operator") : L("вы", "you")})${e.comment ? `: ${e.comment}` : ""}</li>`)}</ol>
        ${
          can("services:write") && o.status === "new"
            ? html`<button type="button" class="danger" @click=${async () => {
                if (
                  await this.act(
                    L("Отменяем…", "Cancelling…"),
                    () => lk.orders.cancel(o.id),
                    () => L("Заявка отменена", "Order cancelled"),
                  )
                )
                  await this.reload();
              }}>${L("Отменить заявку", "Cancel the order")}</button>`
            : nothing
        }
        ${statusLine(this.status)}</section>
      <p><a href="/orders">${L("Все заявки", "All orders")}</a></p>`;
  }
}

customElements.define("lk-order", LkOrder);
