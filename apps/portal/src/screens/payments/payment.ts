import { html, nothing } from "lit";
import { saveDownload } from "../../api/client";
import { lk } from "../../api/lk";
import type { Payment } from "../../api/types";
import { fmtDateTime, fmtMoney } from "../../core/format";
import { L } from "../../core/i18n";
import { can } from "../../core/session";
import { email, normPhone, phone } from "../../core/validate";
import { LkScreen } from "../../ui/base";
import { failureReason, paymentStatus, paymentTone } from "../../ui/labels";
import { field, loadState, pageHeader, statusBadge, statusLine } from "../../ui/parts";

/** One payment: status, what it paid for, the receipt (download, or send to an e-mail or a phone); cancel while unpaid. */
export class LkPayment extends LkScreen {
  static override properties = { ...LkScreen.properties, p: { state: true }, sendErrors: { state: true } };
  protected p: Payment | null = null;
  protected sendErrors: Record<string, string | null> = {};

  /** «Отправить квитанцию»: a copy to the e-mail and/or the phone typed (the help article's «чек»). */
  private async send(e: SubmitEvent, p: Payment) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const to = String(f.get("email") ?? "").trim();
    const tel = String(f.get("phone") ?? "").trim();
    this.sendErrors = {
      email: to ? email(to) : tel ? null : L("Укажите e-mail или телефон", "Give an e-mail or a phone"),
      phone: tel ? phone(tel) : null,
    };
    if (Object.values(this.sendErrors).some(Boolean)) {
      await this.updateComplete;
      (this.querySelector("form.send-receipt [aria-invalid=true]") as HTMLElement | null)?.focus();
      return;
    }
    await this.act(
      L("Отправляем квитанцию…", "Sending the receipt…"),
      () =>
        lk.payments.sendReceipt(p.id, {
          ...(to ? { email: to } : {}),
          ...(tel ? { phone: normPhone(tel) } : {}),
        }),
      (r) => {
        const where = [r.email, r.phone].filter(Boolean).join(L(" и ", " and "));
        return L(`Квитанция отправлена: ${where}`, `Receipt sent to ${where}`);
      },
    );
  }

  private sendForm(p: Payment) {
    const err = (k: string) => this.sendErrors[k] ?? null;
    return html`<form class="send-receipt" novalidate @submit=${(e: SubmitEvent) => this.send(e, p)}
        aria-labelledby="h-send"><h2 id="h-send">${L("Отправить квитанцию", "Send the receipt")}</h2>
      <div class="grid">
        ${field(
          "E-mail",
          "sr-email",
          html`<input id="sr-email" name="email" type="email" autocomplete="email" .value=${p.receipt_email ?? ""}
            aria-invalid=${err("email") ? "true" : "false"} aria-describedby="sr-email-err" />`,
          err("email"),
        )}
        ${field(
          L("Телефон для SMS", "Phone for the SMS"),
          "sr-phone",
          html`<input id="sr-phone" name="phone" type="tel" autocomplete="tel" inputmode="tel"
            aria-invalid=${err("phone") ? "true" : "false"} aria-describedby="sr-phone-err" />`,
          err("phone"),
        )}
      </div>
      <button type="submit" class="secondary">${L("Отправить", "Send")}</button>
    </form>`;
  }

  protected override async load(signal: AbortSignal) {
    this.p = await lk.payments.get(this.params.id ?? "", { signal });
  }

  protected override render() {
    const p = this.p;
    if (!p)
      return html`${pageHeader(L("Платёж", "Payment"))}${loadState(this.loading, this.loadError, false)}`;
    const ok = p.status === "succeeded" || p.status === "refunded";
    const failed = p.status === "failed" || p.status === "canceled";
    // Try again with the same accounts (or invoices) and amounts: the pay screen reads them from
    // this payment (`retry`).
    const byInvoice = p.items.every((i) => i.invoice_id);
    const retry = byInvoice ? `/pay?by=invoices&retry=${p.id}` : `/pay?retry=${p.id}`;
    return html`${pageHeader(
      failed
        ? L("Платёж не прошёл", "The payment did not go through")
        : L(`Платёж от ${fmtDateTime(p.created_at)}`, `Payment of ${fmtDateTime(p.created_at)}`),
    )}
      <section class="card"><dl class="kv">
        <dt>${L("Статус", "Status")}</dt><dd>${statusBadge(paymentStatus(p.status), paymentTone(p.status))}</dd>
        ${failed ? html`<dt>${L("Причина", "Reason")}</dt><dd data-testid="decline-reason">${failureReason(p.failure_reason ?? (p.status === "canceled" ? "canceled" : null))}</dd>` : nothing}
        <dt>${L("Дата", "Date")}</dt><dd>${fmtDateTime(p.created_at)}</dd>
        <dt>${L("Сумма", "Amount")}</dt><dd>${fmtMoney(p.amount)}</dd>
        ${p.commission ? html`<dt>${L("Комиссия", "Commission")}</dt><dd>${fmtMoney(p.commission)}</dd>` : nothing}
        ${ok && p.bonus_amount ? html`<dt>${L("Бонусами", "With bonuses")}</dt><dd>${fmtMoney(p.bonus_amount)}</dd>` : nothing}
        ${ok && p.method === "card" ? html`<dt>${L("Списано с карты", "Charged to card")}</dt><dd>${fmtMoney(p.charged_amount)} ${p.card_mask ?? ""}</dd>` : nothing}
        ${failed ? html`<dt>${L("С карты", "From the card")}</dt><dd>${L("ничего не взято — деньги остались на карте", "nothing was taken — the money stayed on the card")}</dd>` : nothing}
        ${p.refunded_amount ? html`<dt>${L("Возвращено", "Refunded")}</dt><dd>${fmtMoney(p.refunded_amount)}</dd>` : nothing}
      </dl>
      <h2>${ok ? L("Оплачено", "Paid for") : L("Что оплачивали", "What was being paid for")}</h2>
      <ul>${p.items.map((i) => html`<li><a href="/accounts/${i.account_id}">${i.account_number}</a>${i.invoice_number ? ` · № ${i.invoice_number}` : ""}: ${fmtMoney(i.amount)}</li>`)}</ul>
      <div class="row">
        ${failed && can("payments:write") ? html`<a class="button" href=${retry}>${L("Попробовать ещё раз", "Try again")}</a>` : nothing}
        ${
          p.status === "succeeded"
            ? html`<button type="button" @click=${() =>
                this.act(
                  L("Скачиваем квитанцию…", "Downloading the receipt…"),
                  () => saveDownload(lk.payments.receiptPdf(p.id), "receipt.pdf"),
                  () => L("Квитанция скачана", "Receipt downloaded"),
                )}>${L("Скачать квитанцию", "Download the receipt")}</button>`
            : nothing
        }
        ${
          can("payments:write") && (p.status === "pending" || p.status === "requires_action")
            ? html`<button type="button" class="danger" @click=${async () => {
                const r = await this.act(
                  L("Отменяем…", "Canceling…"),
                  () => lk.payments.cancel(p.id),
                  () => L("Платёж отменён", "Payment canceled"),
                );
                if (r) this.p = r;
              }}>${L("Отменить платёж", "Cancel the payment")}</button>`
            : nothing
        }
        <a class="button secondary" href="/payments">${L("Вся история", "All payments")}</a>
      </div>${ok && can("payments:write") ? this.sendForm(p) : nothing}${statusLine(this.status)}</section>`;
  }
}

customElements.define("lk-payment", LkPayment);
