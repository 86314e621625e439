import { html, nothing } from "lit";
import { errorText, saveDownload } from "../../api/client";
import { lk } from "../../api/lk";
import type { Account, PaymentInvoice } from "../../api/types";
import { fmtMoney, parseRubles, rublesInput } from "../../core/format";
import { L } from "../../core/i18n";
import { query } from "../../core/router";
import { accountOptions } from "../../ui/accounts";
import { LkScreen } from "../../ui/base";
import { loadState, pageHeader, statusLine } from "../../ui/parts";

/** An invoice for paying selected accounts by bank transfer (счёт на оплату), as PDF. */
export class LkBankInvoice extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    accounts: { state: true },
    picked: { state: true },
    issued: { state: true },
    qr: { state: true },
  };
  protected accounts: Account[] = [];
  protected picked = new Map<string, string>();
  protected issued: PaymentInvoice | null = null;
  /** The invoice's payment QR (ГОСТ Р 56042, rendered by the API as SVG) as a data: URL. */
  protected qr: string | null = null;

  protected override async load(signal: AbortSignal) {
    this.accounts = await accountOptions(signal);
    const want = (query().get("accounts") ?? "").split(",").filter(Boolean);
    const m = new Map<string, string>();
    for (const a of this.accounts)
      if (want.includes(a.id)) m.set(a.id, a.balance_amount < 0 ? rublesInput(-a.balance_amount) : "");
    this.picked = m;
  }

  private async issue() {
    const ids = [...this.picked.keys()];
    if (!ids.length) {
      this.status = { kind: "error", text: L("Выберите счета", "Pick accounts") };
      return;
    }
    const amounts = ids.map((id) => parseRubles(this.picked.get(id) ?? ""));
    const given = amounts.filter((a): a is number => a !== null && a > 0);
    const body = given.length === ids.length ? { account_ids: ids, amounts: given } : { account_ids: ids };
    this.status = { kind: "busy", text: L("Выставляем счёт…", "Issuing the invoice…") };
    try {
      const issued = await lk.documents.paymentInvoice(body);
      this.issued = issued;
      this.qr = null;
      void this.loadQr(issued.id);
      await saveDownload(lk.documents.pdf(issued.id), `invoice-${issued.number}.pdf`);
      this.status = {
        kind: "ok",
        text: L(
          `Счёт № ${issued.number} на ${fmtMoney(issued.total_amount)} скачан`,
          `Invoice ${issued.number} for ${fmtMoney(issued.total_amount)} downloaded`,
        ),
      };
    } catch (e) {
      this.status = { kind: "error", text: errorText(e) };
    }
  }

  /**
   * The QR comes as SVG from the API (no QR library in the portal's bundle) and is shown as a
   * data: image, which the portal's CSP allows (img-src 'self' data:) and which runs no script.
   */
  private async loadQr(id: string) {
    try {
      const dl = await lk.documents.qrSvg(id);
      const svg = await new Response(dl.stream).text();
      this.qr = `data:image/svg+xml;base64,${btoa(svg)}`;
    } catch {
      this.qr = null; // the PDF carries the same code; the screen simply goes without it
    }
  }

  protected override render() {
    return html`${pageHeader(L("Счёт на оплату по безналичному расчёту", "Invoice for bank transfer"))}
      <p class="muted">${L("Отметьте счета и суммы (пусто — по задолженности). Счёт скачается в PDF.", "Tick accounts and amounts (empty: the debt). The invoice downloads as PDF.")}</p>
      ${loadState(this.loading, this.loadError, !this.loading && !this.accounts.length, ["Нет лицевых счетов, по которым можно выставить счёт", "No accounts to invoice"])}
      ${
        this.accounts.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Счета", "Accounts")}><table>
          <thead><tr><th>${L("Выбрать", "Pick")}</th><th>${L("Счёт", "Account")}</th><th class="num">${L("Баланс", "Balance")}</th><th>${L("Сумма, ₽", "Amount, ₽")}</th></tr></thead>
          <tbody>${this.accounts.map(
            (a) => html`<tr>
            <td><input type="checkbox" id="bi-${a.id}" .checked=${this.picked.has(a.id)} @change=${(
              e: Event,
            ) => {
              const m = new Map(this.picked);
              if ((e.target as HTMLInputElement).checked)
                m.set(a.id, a.balance_amount < 0 ? rublesInput(-a.balance_amount) : "");
              else m.delete(a.id);
              this.picked = m;
            }} /></td><td><label for="bi-${a.id}">${a.number}</label></td><td class="num">${fmtMoney(a.balance_amount)}</td>
            <td>${
              this.picked.has(a.id)
                ? html`<input aria-label=${L(`Сумма для ${a.number}`, `Amount for ${a.number}`)} inputmode="decimal" .value=${this.picked.get(a.id) ?? ""}
              @input=${(e: Event) => this.picked.set(a.id, (e.target as HTMLInputElement).value)} />`
                : nothing
            }</td></tr>`,
          )}</tbody></table></div>`
          : nothing
      }
      <p><button type="button" @click=${this.issue}>${L("Выставить счёт (PDF)", "Issue the invoice (PDF)")}</button></p>
      ${statusLine(this.status)}
      ${
        this.issued && this.qr
          ? html`<figure class="card" data-testid="payment-qr">
          <img src=${this.qr} width="180" height="180" alt=${L(`QR-код для оплаты счёта № ${this.issued.number}`, `Payment QR code for invoice ${this.issued.number}`)} />
          <figcaption>${L(
            `Отсканируйте код в приложении банка: реквизиты, сумма ${fmtMoney(this.issued.total_amount)} и назначение платежа заполнятся сами.`,
            `Scan the code in your bank's app: the details, the amount ${fmtMoney(this.issued.total_amount)} and the purpose fill in by themselves.`,
          )}</figcaption></figure>`
          : nothing
      }`;
  }
}

customElements.define("lk-bank-invoice", LkBankInvoice);
