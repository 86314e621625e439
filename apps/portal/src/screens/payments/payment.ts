import { html, nothing } from "lit";
import { downloadFile, get, post } from "../../api/client";
import type { Payment } from "../../api/types";
import { fmtDateTime, fmtMoney } from "../../core/format";
import { L } from "../../core/i18n";
import { canWrite } from "../../core/session";
import { LkScreen } from "../../ui/base";
import { paymentStatus, paymentTone } from "../../ui/labels";
import { loadState, pageHeader, statusBadge, statusLine } from "../../ui/parts";

/** One payment: status, what it paid for, the receipt; cancel while unpaid. */
export class LkPayment extends LkScreen {
  static override properties = { ...LkScreen.properties, p: { state: true } };
  protected p: Payment | null = null;

  protected override async load(signal: AbortSignal) {
    this.p = await get<Payment>(`/v1/payments/${encodeURIComponent(this.params.id ?? "")}`, {}, signal);
  }

  protected override render() {
    const p = this.p;
    if (!p)
      return html`${pageHeader(L("Платёж", "Payment"))}${loadState(this.loading, this.loadError, false)}`;
    return html`${pageHeader(L(`Платёж от ${fmtDateTime(p.created_at)}`, `Payment of ${fmtDateTime(p.created_at)}`))}
      <section class="card"><dl class="kv">
        <dt>${L("Статус", "Status")}</dt><dd>${statusBadge(paymentStatus(p.status), paymentTone(p.status))} ${p.failure_reason ?? ""}</dd>
        <dt>${L("Сумма", "Amount")}</dt><dd>${fmtMoney(p.amount)}</dd>
        <dt>${L("Комиссия", "Commission")}</dt><dd>${fmtMoney(p.commission)}</dd>
        <dt>${L("Бонусами", "With bonuses")}</dt><dd>${fmtMoney(p.bonus_amount)}</dd>
        <dt>${L("Списано с карты", "Charged to card")}</dt><dd>${fmtMoney(p.charged_amount)} ${p.card_mask ?? ""}</dd>
        ${p.refunded_amount ? html`<dt>${L("Возвращено", "Refunded")}</dt><dd>${fmtMoney(p.refunded_amount)}</dd>` : nothing}
      </dl>
      <h2>${L("Оплачено", "Paid for")}</h2>
      <ul>${p.items.map((i) => html`<li><a href="/accounts/${i.account_id}">${i.account_number}</a>${i.invoice_number ? ` · № ${i.invoice_number}` : ""}: ${fmtMoney(i.amount)}</li>`)}</ul>
      <div class="row">
        ${
          p.status === "succeeded"
            ? html`<button type="button" @click=${() =>
                this.act(
                  L("Скачиваем квитанцию…", "Downloading the receipt…"),
                  () => downloadFile(`/v1/payments/${p.id}/receipt`, {}, `receipt-${p.id}.txt`),
                  () => L("Квитанция скачана", "Receipt downloaded"),
                )}>${L("Скачать квитанцию", "Download the receipt")}</button>`
            : nothing
        }
        ${
          canWrite() && (p.status === "pending" || p.status === "requires_action")
            ? html`<button type="button" class="danger" @click=${async () => {
                const r = await this.act(
                  L("Отменяем…", "Canceling…"),
                  () => post<Payment>(`/v1/payments/${p.id}/cancel`),
                  () => L("Платёж отменён", "Payment canceled"),
                );
                if (r) this.p = r;
              }}>${L("Отменить платёж", "Cancel the payment")}</button>`
            : nothing
        }
        <a class="button secondary" href="/payments">${L("Вся история", "All payments")}</a>
      </div>${statusLine(this.status)}</section>`;
  }
}

customElements.define("lk-payment", LkPayment);
