import { html, nothing, type TemplateResult } from "lit";
import type { AccountLookup } from "../api/types";
import { LkPaymentBase } from "../base/payment-base";
import { LkAccountFoundEvent } from "../events";
import { lkPayStyles } from "./lk-pay.styles";

/**
 * Pay for a personal account: find it by account number, phone or login, see the masked holder and
 * the recommended amount, choose amount and method, pay on the acquirer's page, get the receipt.
 *
 * @tag lk-pay
 * @summary Payment widget for a personal account (лицевой счёт).
 *
 * @attr publishable-key - Publishable key `pk_…` bound to the partner's origins.
 * @attr api-base - Base URL of the public API.
 * @attr account - Account number, phone or login to look up on load.
 * @attr amount - Default amount in kopecks (otherwise the recommended amount).
 * @attr region - Region hint for the lookup.
 * @attr lang - `ru` (default) or `en`; may change at run time.
 * @attr theme - `light` (default), `dark` or `auto`.
 * @attr return-url - Where the acquirer returns the payer after a redirect (default: this page).
 * @attr confirmation - `iframe` (default) or `redirect` to the acquirer's page.
 * @attr poll-interval - Milliseconds between payment status checks (default 2000).
 *
 * @fires {LkReadyEvent} lk-ready - Rendered and ready.
 * @fires {LkAccountFoundEvent} lk-account-found - The account was found; `detail.account`.
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
 * @csspart summary - Account or invoice details.
 * @csspart notice - The suspended-account notice.
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
export class LkPay extends LkPaymentBase {
  static override styles = lkPayStyles;
  static override properties = {
    account: {},
    amount: { type: Number },
    region: {},
    query: { state: true },
    found: { state: true },
  };

  /** Account number, phone or login to look up on load. */
  account: string | undefined;
  /** Default amount in kopecks; otherwise the account's recommended amount. */
  amount: number | undefined;
  /** Region hint for the lookup. */
  region: string | undefined;

  protected query = "";
  protected found: AccountLookup | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.account && !this.query && !this.payment) {
      this.query = this.account;
      void this.lookup();
    }
  }

  protected heading(): string {
    return this.t.titlePay;
  }

  protected hasTarget(): boolean {
    return this.found !== null;
  }

  protected limits() {
    return this.found ? { min: this.found.min_amount, max: this.found.max_amount } : null;
  }

  protected target() {
    return { account_number: this.found!.account_number };
  }

  async lookup(): Promise<void> {
    const query = this.query.trim();
    if (!query) {
      this.fieldErrors = { query: (d) => d.required };
      this.focusAfterRender("#query");
      return;
    }
    if (this.busy) return;
    this.fieldErrors = {};
    this.banner = null;
    this.busy = (d) => d.searching;
    try {
      const account = await this.api.lookupAccount(query, this.region);
      this.busy = null;
      if (account.status === "closed") {
        this.fieldErrors = { query: (d) => d.accountClosed };
        this.focusAfterRender("#query");
        return;
      }
      this.found = account;
      this.dispatchEvent(new LkAccountFoundEvent(account));
      this.enterDetails(account.methods, this.amount ?? account.recommended_amount);
    } catch (err) {
      this.busy = null;
      const e = this.fail(err, () => void this.lookup());
      if (e.status === 404) this.fieldErrors = { query: (d) => d.accountNotFound };
      else if (e.status === 400) this.fieldErrors = { query: () => e.detail || e.code };
      if (e.status === 404 || e.status === 400) this.focusAfterRender("#query");
    }
  }

  protected renderIdentify(): TemplateResult {
    const d = this.t;
    return html`<form part="form" class="form identify" novalidate @submit=${(e: Event) => {
      e.preventDefault();
      void this.lookup();
    }}>
      ${this.field({
        id: "query",
        label: d.accountLabel,
        hint: d.accountHint,
        value: this.query,
        autocomplete: "off",
        onInput: (v) => {
          this.query = v;
        },
      })}
      <button part="button button-primary" class="primary" id="find" type="submit" ?disabled=${!!this.busy}>
        ${this.busy ? d.searching : d.find}
      </button>
    </form>`;
  }

  protected renderSummary(): TemplateResult {
    const a = this.found;
    if (!a) return html``;
    const d = this.t;
    return html`<dl part="summary" class="summary">
        <dt>${d.account}</dt><dd id="account-number">${a.account_number}</dd>
        <dt>${d.holder}</dt><dd id="holder">${a.masked_holder}</dd>
        ${a.region ? html`<dt>${d.region}</dt><dd>${a.region}</dd>` : nothing}
      </dl>
      ${a.status === "suspended" ? html`<p part="notice" class="notice" id="suspended">${d.accountSuspended}</p>` : nothing}
      ${a.recommended_amount > 0 ? html`<p part="hint" class="hint">${d.recommended(this.money(a.recommended_amount))}</p>` : nothing}`;
  }
}
