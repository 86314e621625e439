import { qrPath } from "@lk/widgets/qr-path";
import { html, nothing, svg } from "lit";
import type { Payment } from "../../api/types";
import { fmtMoney } from "../../core/format";
import { L } from "../../core/i18n";
import { LkElement } from "../../ui/base";

/** The SBP link as a QR code (the widgets' qr-path: one encoder, one drawing), scaled by CSS. */
function qrSvg(text: string, label: string) {
  const { d, size } = qrPath(text);
  return svg`<svg class="sbp-code" viewBox="0 0 ${size} ${size}" role="img" aria-label=${label} shape-rendering="crispEdges"><rect width=${size} height=${size} fill="#fff"></rect><path d=${d} fill="#000"></path></svg>`;
}

/**
 * An open SBP payment on the pay screen: on a wide screen the QR code to scan with a phone, on a
 * phone a button that opens the link (the bank's app) — by CSS; how long the code stays payable;
 * «Показать новый код» once it has expired (the screen makes a new payment: `lk-new-code`). The
 * status line is a live region; the screen polls our API and passes the payment in.
 */
export class LkSbpQr extends LkElement {
  static override properties = { payment: { attribute: false }, now: { state: true } };

  payment: Payment | null = null;
  protected now = Date.now();
  private timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback() {
    super.connectedCallback();
    this.timer = setInterval(() => {
      this.now = Date.now();
    }, 1000);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  private expired(p: Payment): boolean {
    if (p.failure_reason === "qr_expired") return true;
    const ends = p.qr?.expires_at ? Date.parse(p.qr.expires_at) : Number.POSITIVE_INFINITY;
    return !p.qr || ends <= this.now;
  }

  protected override render() {
    const p = this.payment;
    if (!p) return nothing;
    const expired = this.expired(p);
    const left = p.qr?.expires_at ? Math.floor((Date.parse(p.qr.expires_at) - this.now) / 60_000) : 0;
    return html`${
      expired
        ? nothing
        : html`<div class="sbp">
          <div class="sbp-wide"><p>${L("Отсканируйте QR-код камерой телефона или в приложении банка", "Scan the QR code with your phone's camera or in your bank's app")}</p>
            ${qrSvg(p.qr!.payload, L(`QR-код для оплаты ${fmtMoney(p.charged_amount)} через СБП`, `QR code to pay ${fmtMoney(p.charged_amount)} by SBP`))}</div>
          <div class="sbp-phone"><p>${L("Нажмите кнопку и подтвердите оплату в приложении своего банка", "Tap the button and confirm the payment in your bank's app")}</p>
            <a class="button" id="open-bank-app" href=${p.qr!.payload} target="_blank" rel="noopener">${L("Открыть приложение банка", "Open the bank app")}</a></div>
          <p class="muted" id="qr-valid">${
            left >= 1
              ? L(`Код действует ещё ${left} мин`, `The code is valid for ${left} more min`)
              : L("Код действует меньше минуты", "The code is valid for less than a minute")
          }</p>
        </div>`
    }
      <p id="sbp-status" role="status" aria-live="polite">${
        expired
          ? L(
              "Срок действия QR-кода истёк. Деньги не списаны.",
              "The QR code has expired. No money was taken.",
            )
          : L("Ожидаем подтверждения в приложении банка", "Waiting for confirmation in the bank's app")
      }</p>
      ${
        expired
          ? html`<div class="actions"><button type="button" id="new-code" @click=${() => this.dispatchEvent(new Event("lk-new-code", { bubbles: true }))}>${L("Показать новый код", "Show a new code")}</button></div>`
          : nothing
      }`;
  }
}

customElements.define("lk-sbp-qr", LkSbpQr);
