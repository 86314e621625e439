import { html, type TemplateResult } from "lit";
import type { Invoice } from "../api/types";
import { LkPaymentBase } from "../base/payment-base";
import { LkInvoiceFoundEvent } from "../events";
import { formatDate } from "../format";
import { lkInvoicePayStyles } from "./lk-invoice-pay.styles";

/**
 * Pay an issued invoice by its number: the amount due is paid in full.
 *
 * @tag lk-invoice-pay
 * @summary Payment widget for an issued invoice (оплата по номеру выставленного счёта).
 *
 * @attr publishable-key - Publishable key `pk_…` bound to the partner's origins.
 * @attr api-base - Base URL of the public API.
 * @attr invoice - Invoice number to look up on load.
 * @attr lang - `ru` (default) or `en`; may change at run time.
 * @attr theme - `light` (default), `dark` or `auto`.
 * @attr return-url - Where the acquirer returns the payer after a redirect (default: this page).
 * @attr confirmation - `iframe` (default) or `redirect` to the acquirer's page.
 * @attr poll-interval - Milliseconds between payment status checks (default 2000).
 *
 * @fires {LkReadyEvent} lk-ready - Rendered and ready.
 * @fires {LkInvoiceFoundEvent} lk-invoice-found - The invoice was found; `detail.invoice`.
 * @fires {LkPaymentCreatedEvent} lk-payment-created - The payment was created; `detail.payment`.
 * @fires {LkPaymentSucceededEvent} lk-payment-succeeded - Our API confirmed it; `detail.receiptNumber`.
 * @fires {LkPaymentFailedEvent} lk-payment-failed - Declined, timed out or canceled; `detail.reason`.
 * @fires {LkErrorEvent} lk-error - A request failed; `detail.code`.
 *
 * @slot acquirer - Filled by the widget itself with the acquirer's iframe (light DOM).
 *
 * @csspart container - The card around everything.
 * @csspart title - The heading.
 * @csspart form - Each form.
 * @csspart field - A label, input, hint and error group.
 * @csspart label - Field labels and the method legend.
 * @csspart input - Text inputs.
 * @csspart hint - Hints under inputs.
 * @csspart error - Field errors and the error banner.
 * @csspart banner - The error banner with its retry button.
 * @csspart summary - Invoice details.
 * @csspart methods - The payment method group.
 * @csspart method - One payment method choice.
 * @csspart quote - Commission and total.
 * @csspart button - Every button.
 * @csspart button-primary - The main action.
 * @csspart button-secondary - Secondary actions.
 * @csspart acquirer - The box around the acquirer's iframe.
 * @csspart status - "Waiting for confirmation" text.
 * @csspart link - The "open in a new window" link.
 * @csspart result - The result box; also `result-success` or `result-failure`.
 * @csspart receipt - The receipt number line.
 *
 * @cssprop --lk-color-bg - Background.
 * @cssprop --lk-color-surface - Background of summaries and read-only inputs.
 * @cssprop --lk-color-text - Text.
 * @cssprop --lk-color-muted - Hints and labels of summaries.
 * @cssprop --lk-color-border - Borders.
 * @cssprop --lk-color-primary - Main buttons and links.
 * @cssprop --lk-color-on-primary - Text on main buttons.
 * @cssprop --lk-color-error - Errors.
 * @cssprop --lk-color-success - Success title.
 * @cssprop --lk-color-warning - Suspended-account notice.
 * @cssprop --lk-focus-ring - Focus ring (a box-shadow).
 * @cssprop --lk-radius - Corner radius.
 * @cssprop --lk-spacing - Base gap.
 * @cssprop --lk-font-family - Font.
 * @cssprop --lk-font-size - Base font size.
 * @cssprop --lk-max-width - Maximum width (default 480px).
 */
export class LkInvoicePay extends LkPaymentBase {
  static override styles = lkInvoicePayStyles;
  static override properties = {
    invoice: {},
    number: { state: true },
    found: { state: true },
  };

  /** Invoice number to look up on load. */
  invoice: string | undefined;

  protected number = "";
  protected found: Invoice | null = null;
  // An invoice is paid in full: the server knows the amount due.
  protected override amountEditable = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.invoice && !this.number && !this.payment) {
      this.number = this.invoice;
      void this.lookup();
    }
  }

  protected heading(): string {
    return this.t.titleInvoice;
  }

  protected hasTarget(): boolean {
    return this.found !== null;
  }

  protected limits() {
    return null;
  }

  protected target() {
    return { invoice_number: this.found!.number };
  }

  async lookup(): Promise<void> {
    const number = this.number.trim();
    if (!number) {
      this.fieldErrors = { number: (d) => d.required };
      this.focusAfterRender("#number");
      return;
    }
    if (this.busy) return;
    this.fieldErrors = {};
    this.banner = null;
    this.busy = (d) => d.searching;
    try {
      const invoice = await this.api.getInvoice(number);
      this.busy = null;
      if (invoice.status === "paid" || invoice.amount_due <= 0) {
        this.fieldErrors = { number: (d) => d.invoicePaid };
        this.focusAfterRender("#number");
        return;
      }
      this.found = invoice;
      this.dispatchEvent(new LkInvoiceFoundEvent(invoice));
      // The invoice endpoint names no methods; both are offered and the quote shows the commission.
      this.enterDetails([], invoice.amount_due);
    } catch (err) {
      this.busy = null;
      const e = this.fail(err, () => void this.lookup());
      if (e.status === 404) this.fieldErrors = { number: (d) => d.invoiceNotFound };
      else if (e.status === 400) this.fieldErrors = { number: () => e.detail || e.code };
      if (e.status === 404 || e.status === 400) this.focusAfterRender("#number");
    }
  }

  protected renderIdentify(): TemplateResult {
    const d = this.t;
    return html`<form part="form" class="form" novalidate @submit=${(e: Event) => {
      e.preventDefault();
      void this.lookup();
    }}>
      ${this.field({
        id: "number",
        label: d.invoiceLabel,
        hint: d.invoiceHint,
        value: this.number,
        onInput: (v) => {
          this.number = v;
        },
      })}
      <button part="button button-primary" class="primary" id="find" type="submit" ?disabled=${!!this.busy}>
        ${this.busy ? d.searching : d.find}
      </button>
    </form>`;
  }

  protected renderSummary(): TemplateResult {
    const i = this.found;
    if (!i) return html``;
    const d = this.t;
    return html`<dl part="summary" class="summary">
      <dt>${d.invoice}</dt><dd id="invoice-number">${i.number}</dd>
      <dt>${d.account}</dt><dd>${i.account_number}</dd>
      <dt>${d.holder}</dt><dd id="holder">${i.masked_holder}</dd>
      <dt>${d.period}</dt><dd>${i.period}</dd>
      <dt>${d.dueDate}</dt><dd class=${i.status === "overdue" ? "overdue" : ""}>${formatDate(i.due_date, this.language)}</dd>
      <dt>${d.amountDue}</dt><dd id="amount-due">${this.money(i.amount_due)}</dd>
    </dl>`;
  }
}
