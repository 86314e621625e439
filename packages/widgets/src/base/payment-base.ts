import {
  html,
  LitElement,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from "lit";
import { ApiError, PublicApi } from "../api/client";
import type { CreatePayment, MethodInfo, Payment, PaymentMethod, Quote } from "../api/types";
import {
  LkErrorEvent,
  LkPaymentCreatedEvent,
  LkPaymentFailedEvent,
  LkPaymentSucceededEvent,
  LkReadyEvent,
} from "../events";
import { formatAmountInput, formatMoney, parseAmount } from "../format";
import { type Dict, dict, type Lang, normalizeLang } from "../i18n";
import { qrSvg } from "./qr";
import { newIdempotencyKey, parseReceiptContact } from "./validate";

export type Step = "identify" | "details" | "confirm" | "result";
/** A message rendered in the current language at render time, so switching `lang` re-translates it. */
export type Msg = (d: Dict) => string;
interface Banner {
  msg: Msg;
  retry?: () => void;
}

const DEFAULT_METHODS: MethodInfo[] = [
  { method: "card", commission_percent_bp: 0, commission_min: 0 },
  { method: "sbp", commission_percent_bp: 0, commission_min: 0 },
];

/**
 * What `<lk-pay>` and `<lk-invoice-pay>` share: configuration attributes, the payment step (amount,
 * method, receipt contact, quote), the acquirer's page and polling our API, and the result.
 * Subclasses render the identify step and the summary, and say what the payment is for.
 */
export abstract class LkPaymentBase extends LitElement {
  static override properties: PropertyDeclarations = {
    publishableKey: { attribute: "publishable-key" },
    apiBase: { attribute: "api-base" },
    // `lang` is a global attribute; observing it lets the partner switch languages at run time.
    lang: { reflect: true },
    theme: { reflect: true },
    returnUrl: { attribute: "return-url" },
    confirmation: {},
    pollInterval: { attribute: "poll-interval", type: Number },
    step: { state: true },
    busy: { state: true },
    banner: { state: true },
    fieldErrors: { state: true },
    methods: { state: true },
    method: { state: true },
    amountText: { state: true },
    receiptText: { state: true },
    quote: { state: true },
    payment: { state: true },
    retryWait: { state: true },
    qrMinutes: { state: true },
    qrExpired: { state: true },
  };

  /** Publishable key `pk_…`, sent as `X-LK-Key`. */
  publishableKey = "";
  /** Base URL of the public API, e.g. `https://api.example.ru`. */
  apiBase = "";
  /** `light` (default), `dark`, or `auto` (follows the system). */
  theme: "light" | "dark" | "auto" | undefined;
  /** Where the acquirer sends the payer back after a redirect; defaults to the current page. */
  returnUrl: string | undefined;
  /**
   * How the acquirer's page is shown: `iframe` (default, inside the widget) or `redirect` (the whole
   * page goes there and comes back to `return-url`, for acquirers that refuse to be framed).
   */
  confirmation: "iframe" | "redirect" = "iframe";
  /** Milliseconds between status checks while the payment is being confirmed. */
  pollInterval = 2000;

  protected step: Step = "identify";
  /** What is in progress, for the live region; null when idle. */
  protected busy: Msg | null = null;
  protected banner: Banner | null = null;
  protected fieldErrors: Record<string, Msg> = {};
  protected methods: MethodInfo[] = DEFAULT_METHODS;
  protected method: PaymentMethod = "card";
  protected amountText = "";
  protected receiptText = "";
  protected quote: Quote | null = null;
  protected payment: Payment | null = null;
  /** Seconds left before a rate-limited request may be retried. */
  protected retryWait = 0;
  /** SBP: whole minutes the QR code stays payable (shown), and whether it has expired. */
  protected qrMinutes = 0;
  protected qrExpired = false;
  private qrTimer: ReturnType<typeof setInterval> | undefined;

  private idempotencyKey: string | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private quoteTimer: ReturnType<typeof setTimeout> | undefined;
  private waitTimer: ReturnType<typeof setInterval> | undefined;
  private quoteSeq = 0;
  private frame: HTMLIFrameElement | null = null;
  private acquirerOrigin = "";
  private focusTarget: string | null = null;

  /** The effective language: own `lang`, else the page's, else Russian. */
  get language(): Lang {
    return normalizeLang(this.lang || document.documentElement.lang);
  }

  protected get t(): Dict {
    return dict(this.language);
  }

  protected get api(): PublicApi {
    return new PublicApi({ apiBase: this.apiBase, publishableKey: this.publishableKey, lang: this.language });
  }

  protected money(kopecks: number): string {
    return formatMoney(kopecks, this.language);
  }

  /** Amount limits for client-side validation; null when only the server knows. */
  protected abstract limits(): { min: number; max: number } | null;
  /** What the payment is for: `{ account_number }` or `{ invoice_number }`. */
  protected abstract target(): Pick<CreatePayment, "account_number" | "invoice_number">;
  protected abstract renderIdentify(): TemplateResult;
  protected abstract renderSummary(): TemplateResult;
  protected abstract heading(): string;
  /** Whether an account or invoice is loaded (not so after resuming from a redirect). */
  protected abstract hasTarget(): boolean;
  /** Whether the payer may change the amount (an invoice is paid in full). */
  protected amountEditable = true;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resumeAfterRedirect();
  }

  /**
   * Back from the acquirer's page after a redirect: the return URL carries our marker and our
   * `payment_id` (the API adds it to the return_url it gives the acquirer). Its `status` parameter is not trusted; our API is asked instead.
   */
  private resumeAfterRedirect(): void {
    const q = new URLSearchParams(location.search);
    const id = q.get("payment_id");
    if (q.get("lk_widget") !== this.localName || !id || this.payment) return;
    this.payment = {
      id,
      status: "pending",
      amount: 0,
      commission_amount: 0,
      total_amount: 0,
      confirmation_url: null,
      receipt_number: null,
    };
    this.go("confirm");
    void this.poll();
  }

  /** The return URL with a marker so that, after a redirect, the same kind of widget resumes. */
  private returnTo(): string {
    const url = new URL(this.returnUrl || location.href, location.href);
    for (const k of ["payment_id", "status"]) url.searchParams.delete(k);
    url.searchParams.set("lk_widget", this.localName);
    return url.href;
  }

  private markReady!: () => void;
  /**
   * Resolves after the first render, whenever it is asked (`await el.ready`): unlike the one-off
   * `lk-ready` event, it cannot be missed by code that runs late.
   */
  readonly ready: Promise<void> = new Promise((resolve) => {
    this.markReady = resolve;
  });

  override firstUpdated(): void {
    this.markReady();
    const fire = () => this.dispatchEvent(new LkReadyEvent(this.localName));
    // The bundle's script usually runs before the page's own scripts that follow it (inline or
    // deferred): hold lk-ready until the document is parsed, so their listeners hear it too.
    if (documentParsed()) fire();
    else document.addEventListener("DOMContentLoaded", fire, { once: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopConfirmation();
    clearTimeout(this.quoteTimer);
    clearInterval(this.waitTimer);
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has("amountText") || changed.has("method")) this.scheduleQuote();
    if (this.focusTarget) {
      const el = this.renderRoot.querySelector<HTMLElement>(this.focusTarget);
      this.focusTarget = null;
      el?.focus();
    }
  }

  /** Moves to a step and puts focus on its heading, so screen readers announce where the payer is. */
  protected go(step: Step, focus = "h2"): void {
    this.step = step;
    this.banner = null;
    this.focusAfterRender(focus);
  }

  /**
   * Focus follows the flow only while the payer is in the widget: a lookup on load (or a resume
   * after a redirect) must not steal focus from the partner's page and scroll it.
   */
  protected focusAfterRender(selector: string): void {
    if (this.matches(":focus-within")) this.focusTarget = selector;
  }

  /**
   * Maps a failed call to what the payer sees: field errors, a rate-limit countdown, a retry button.
   * Returns the ApiError so callers can map field-level errors.
   */
  protected fail(err: unknown, retry: () => void): ApiError {
    const e = err instanceof ApiError ? err : new ApiError(0, "network", String(err));
    this.dispatchEvent(new LkErrorEvent(e.code, e.status, e.detail));
    if (e.code === "network") this.banner = { msg: (d) => d.networkError, retry };
    // The page's origin is not in the partner's list: no retry will help, the site's owner must act.
    else if (e.code === "origin_not_allowed") this.banner = { msg: (d) => d.originNotAllowed };
    else if (e.status === 429) {
      const wait = e.retryAfter || 5;
      this.banner = { msg: (d) => d.rateLimited(this.retryWait || wait), retry };
      this.startWait(wait);
    } else if (e.status >= 500) this.banner = { msg: (d) => d.serverError, retry };
    // 400/404/422 are the caller's to show on its field; anything else (a key not allowed for this
    // origin, …) gets the server's localized message.
    else if (![400, 404, 422].includes(e.status)) this.banner = { msg: () => e.detail || e.code };
    return e;
  }

  private startWait(seconds: number): void {
    clearInterval(this.waitTimer);
    this.retryWait = seconds;
    this.waitTimer = setInterval(() => {
      this.retryWait = Math.max(0, this.retryWait - 1);
      if (this.retryWait === 0) clearInterval(this.waitTimer);
    }, 1000);
  }

  /** Prepares the payment step after the account or invoice was found. */
  protected enterDetails(methods: MethodInfo[], amount: number | null): void {
    this.methods = methods.length ? methods : DEFAULT_METHODS;
    if (!this.methods.some((m) => m.method === this.method)) this.method = this.methods[0]!.method;
    this.amountText = amount && amount > 0 ? formatAmountInput(amount, this.language) : "";
    this.fieldErrors = {};
    this.quote = null;
    this.idempotencyKey = null;
    this.go("details");
  }

  private scheduleQuote(): void {
    clearTimeout(this.quoteTimer);
    const amount = parseAmount(this.amountText);
    const seq = ++this.quoteSeq;
    if (this.step !== "details" || amount === null || amount <= 0) {
      this.quote = null;
      return;
    }
    // The server prices the commission; the browser only shows it. Debounced while typing.
    this.quoteTimer = setTimeout(async () => {
      try {
        const q = await this.api.quote(amount, this.method);
        if (seq === this.quoteSeq) this.quote = q;
      } catch {
        if (seq === this.quoteSeq) this.quote = null;
      }
    }, 250);
  }

  /** Client-side checks; returns the request body or null after marking the fields. */
  private validate(): CreatePayment | null {
    const errors: Record<string, Msg> = {};
    const amount = parseAmount(this.amountText);
    const lim = this.limits();
    if (amount === null || amount <= 0) errors["amount"] = (d) => d.amountInvalid;
    else if (lim && (amount < lim.min || amount > lim.max)) {
      errors["amount"] = (d) => d.amountRange(this.money(lim.min), this.money(lim.max));
    }
    const contact = parseReceiptContact(this.receiptText);
    if (!contact) errors["receipt"] = (d) => (this.receiptText.trim() ? d.receiptInvalid : d.required);
    this.fieldErrors = errors;
    const first = Object.keys(errors)[0];
    if (first) {
      this.focusAfterRender(`#${first}`);
      return null;
    }
    return {
      ...this.target(),
      amount: amount!,
      method: this.method,
      ...contact!,
      return_url: this.returnTo(),
    };
  }

  protected async submitPayment(): Promise<void> {
    if (this.busy) return;
    const body = this.validate();
    if (!body) return;
    // One key per attempt: a retry after a network error replays it instead of paying twice.
    this.idempotencyKey ??= newIdempotencyKey();
    this.busy = (d) => d.creating;
    this.banner = null;
    try {
      const payment = await this.api.createPayment(body, this.idempotencyKey);
      this.busy = null;
      this.payment = payment;
      this.dispatchEvent(new LkPaymentCreatedEvent(payment));
      this.handleStatus(payment);
    } catch (err) {
      this.busy = null;
      const e = this.fail(err, () => void this.submitPayment());
      if (e.status === 400 || e.status === 422) {
        // A rejected request created nothing, so the next attempt gets a new key.
        this.idempotencyKey = null;
        const errors: Record<string, Msg> = {};
        for (const f of e.fields) {
          const key = f.field.startsWith("receipt") ? "receipt" : f.field;
          errors[key] = () => f.message || e.detail;
        }
        if (!Object.keys(errors).length) this.banner = { msg: () => e.detail || e.code };
        this.fieldErrors = errors;
        const first = Object.keys(errors)[0];
        if (first) this.focusAfterRender(`#${first}`);
      } else if (!this.banner) this.banner = { msg: () => e.detail || e.code };
    }
  }

  /** Acts on a status from our API — the only source of truth for the outcome. */
  private handleStatus(p: Payment): void {
    this.payment = p;
    if (p.status === "succeeded") {
      this.stopConfirmation();
      this.go("result");
      this.dispatchEvent(new LkPaymentSucceededEvent(p));
    } else if (p.status === "failed" || p.status === "canceled") {
      this.stopConfirmation();
      // An expired QR code keeps the payer where they were, with «show a new code».
      if (p.failure_reason === "qr_expired" && this.step === "confirm") this.qrExpired = true;
      else this.go("result");
      this.dispatchEvent(new LkPaymentFailedEvent(p));
    } else {
      if (this.step !== "confirm") this.startConfirmation(p);
      this.schedulePoll();
    }
  }

  private startConfirmation(p: Payment): void {
    this.go("confirm");
    if (p.confirmation_type === "qr") {
      this.startQr(p);
      return;
    }
    if (!p.confirmation_url) return;
    if (this.confirmation === "redirect") {
      location.assign(p.confirmation_url);
      return;
    }
    this.acquirerOrigin = new URL(p.confirmation_url, location.href).origin;
    // The acquirer's page goes into the light DOM, projected through a slot: the host page's
    // frame-src governs it, and the acquirer's own frame-ancestors rules see an ordinary iframe.
    const frame = document.createElement("iframe");
    frame.src = p.confirmation_url;
    frame.slot = "acquirer";
    frame.title = this.t.frameTitle;
    frame.allow = "payment";
    this.frame = frame;
    this.append(frame);
    window.addEventListener("message", this.onMessage);
  }

  /** SBP: the QR code is shown by renderQr; a timer counts its minutes down and marks it expired. */
  private startQr(p: Payment): void {
    this.qrExpired = false;
    const ends = p.qr?.expires_at ? Date.parse(p.qr.expires_at) : Number.POSITIVE_INFINITY;
    const tick = () => {
      const left = ends - Date.now();
      this.qrMinutes = Math.floor(left / 60_000);
      // Expired on this side too: the notification saying so may come a moment later (polling goes on).
      if (left <= 0) {
        this.qrExpired = true;
        clearInterval(this.qrTimer);
      }
    };
    tick();
    clearInterval(this.qrTimer);
    this.qrTimer = setInterval(tick, 1000);
  }

  /** «Show a new code»: the same amount and contact, a new payment (a new idempotency key). */
  protected async newQrCode(): Promise<void> {
    this.stopConfirmation();
    this.idempotencyKey = null;
    this.qrExpired = false;
    this.step = "details";
    await this.submitPayment();
    if (this.step === "details") this.focusAfterRender("#pay");
  }

  private stopConfirmation(): void {
    clearInterval(this.qrTimer);
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    window.removeEventListener("message", this.onMessage);
    this.frame?.remove();
    this.frame = null;
  }

  /** The acquirer's page says it is done: ask our API now instead of at the next tick. */
  private readonly onMessage = (ev: MessageEvent): void => {
    const data = ev.data as { type?: unknown; paymentId?: unknown } | null;
    if (ev.origin !== this.acquirerOrigin || data?.type !== "lk-acquirer-result") return;
    if (data.paymentId !== this.payment?.id) return;
    clearTimeout(this.pollTimer);
    void this.poll();
  };

  private schedulePoll(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => void this.poll(), this.pollInterval);
  }

  private async poll(): Promise<void> {
    const id = this.payment?.id;
    if (!id || this.step !== "confirm") return;
    try {
      const p = await this.api.getPayment(id);
      if (this.step === "confirm" && this.payment?.id === id) this.handleStatus(p);
    } catch {
      // A blip while waiting is not the payment's outcome: keep asking.
      if (this.step === "confirm") this.schedulePoll();
    }
  }

  protected cancelConfirmation(): void {
    this.stopConfirmation();
    this.idempotencyKey = null;
    this.go(this.hasTarget() ? "details" : "identify", this.hasTarget() ? "h2" : "input");
  }

  protected retryAfterFailure(): void {
    this.idempotencyKey = null;
    this.payment = null;
    this.go(this.hasTarget() ? "details" : "identify", this.hasTarget() ? "#amount" : "input");
  }

  // ——— rendering ———

  override render(): TemplateResult {
    const d = this.t;
    return html`<section part="container" class="container" lang=${this.language} aria-busy=${this.busy ? "true" : "false"}>
      <h2 part="title" class="title" tabindex="-1">${this.heading()}</h2>
      ${this.step === "identify" ? this.renderIdentify() : nothing}
      ${this.step === "details" ? this.renderDetails(d) : nothing}
      ${this.step === "confirm" ? this.renderConfirm(d) : nothing}
      ${this.step === "result" ? this.renderResult(d) : nothing}
      ${this.renderBanner(d)}
      <p class="sr-only" role="status" aria-live="polite">${this.busy ? this.busy(d) : ""}</p>
    </section>`;
  }

  protected renderBanner(d: Dict): TemplateResult | typeof nothing {
    const b = this.banner;
    if (!b) return nothing;
    return html`<div part="error banner" class="banner" role="alert">
      <span>${b.msg(d)}</span>
      ${b.retry ? html`<button type="button" part="button button-secondary" class="secondary" id="retry" ?disabled=${this.retryWait > 0} @click=${b.retry}>${d.retryNow}</button>` : nothing}
    </div>`;
  }

  /** A labelled input with hint and error, wired with aria-describedby/aria-invalid. */
  protected field(o: {
    id: string;
    label: string;
    hint?: string;
    value: string;
    onInput: (v: string) => void;
    inputmode?: string;
    autocomplete?: string;
    readonly?: boolean;
  }): TemplateResult {
    const err = this.fieldErrors[o.id];
    const describedBy = [o.hint ? `${o.id}-hint` : "", err ? `${o.id}-error` : ""].filter(Boolean).join(" ");
    return html`<div part="field" class="field">
      <label part="label" for=${o.id}>${o.label}</label>
      <input part="input" id=${o.id} name=${o.id} .value=${o.value} ?readonly=${o.readonly}
        inputmode=${o.inputmode ?? "text"} autocomplete=${o.autocomplete ?? "off"}
        aria-invalid=${err ? "true" : "false"} aria-describedby=${describedBy || nothing}
        @input=${(e: Event) => o.onInput((e.target as HTMLInputElement).value)} />
      ${o.hint ? html`<p part="hint" class="hint" id=${`${o.id}-hint`}>${o.hint}</p>` : nothing}
      ${err ? html`<p part="error" class="error" id=${`${o.id}-error`} role="alert">${err(this.t)}</p>` : nothing}
    </div>`;
  }

  private renderDetails(d: Dict): TemplateResult {
    const amount = parseAmount(this.amountText);
    const q = this.quote;
    return html`${this.renderSummary()}
      <form part="form" class="form" novalidate @submit=${(e: Event) => {
        e.preventDefault();
        void this.submitPayment();
      }}>
        ${this.field({
          id: "amount",
          label: d.amountLabel,
          value: this.amountText,
          inputmode: "decimal",
          readonly: !this.amountEditable,
          onInput: (v) => {
            this.amountText = v;
            this.idempotencyKey = null;
          },
        })}
        <fieldset part="methods" class="methods">
          <legend part="label">${d.methodLegend}</legend>
          ${this.methods.map(
            (m) => html`<label part="method" class="method">
              <input type="radio" name="method" value=${m.method} .checked=${this.method === m.method}
                @change=${() => {
                  this.method = m.method;
                  this.idempotencyKey = null;
                }} />
              <span>${d[`method_${m.method}`]}</span>
            </label>`,
          )}
        </fieldset>
        ${this.field({
          id: "receipt",
          label: d.receiptLabel,
          hint: d.receiptHint,
          value: this.receiptText,
          autocomplete: "email",
          onInput: (v) => {
            this.receiptText = v;
          },
        })}
        ${
          q && q.amount === amount
            ? html`<dl part="quote" class="quote">
              <dt>${d.commission}</dt><dd>${q.commission_amount ? this.money(q.commission_amount) : d.noCommission}</dd>
              <dt>${d.total}</dt><dd id="total">${this.money(q.total_amount)}</dd>
            </dl>`
            : nothing
        }
        <div class="actions">
          <button part="button button-primary" class="primary" id="pay" type="submit" ?disabled=${!!this.busy}>
            ${this.busy ? this.busy(d) : q && q.amount === amount ? d.pay(this.money(q.total_amount)) : d.payNoSum}
          </button>
          <button part="button button-secondary" class="secondary" id="back" type="button" @click=${() => this.go("identify", "input")}>
            ${d.changeAccount}
          </button>
        </div>
      </form>`;
  }

  /**
   * SBP: on a wide screen the QR code to scan with a phone; on a phone (narrow or touch screen,
   * by CSS) a button that opens the link — the bank's app. The status line is a live region.
   */
  private renderQr(d: Dict, p: Payment): TemplateResult {
    const expired = this.qrExpired || !p.qr;
    return html`${
      expired
        ? nothing
        : html`<div part="sbp" class="sbp">
          <div class="sbp-qr"><p part="hint" class="hint">${d.sbpScan}</p>${qrSvg(p.qr!.payload, d.sbpQrLabel(this.money(p.total_amount)))}</div>
          <div class="sbp-phone"><p part="hint" class="hint">${d.sbpPhoneHint}</p>
            <a part="button button-primary" class="primary button" id="open-bank-app" href=${p.qr!.payload} target="_blank" rel="noopener">${d.sbpOpenApp}</a></div>
          <p part="hint" class="hint" id="qr-valid">${d.sbpValidFor(this.qrMinutes)}</p>
        </div>`
    }
      <p part="status" class="status" id="sbp-status" role="status" aria-live="polite">${expired ? d.sbpExpired : d.sbpWaiting}</p>
      <div class="actions">
        ${expired ? html`<button part="button button-primary" class="primary" id="new-code" type="button" ?disabled=${!!this.busy} @click=${() => void this.newQrCode()}>${d.sbpNewCode}</button>` : nothing}
        <button part="button button-secondary" class="secondary" id="cancel" type="button" @click=${() => this.cancelConfirmation()}>
          ${d.cancel}
        </button>
      </div>`;
  }

  private renderConfirm(d: Dict): TemplateResult {
    const p = this.payment;
    if (p?.confirmation_type === "qr" || (p && this.qrExpired)) return this.renderQr(d, p);
    const url = this.payment?.confirmation_url;
    return html`<p part="hint" class="hint">${d.confirmHint}</p>
      <div part="acquirer" class="acquirer"><slot name="acquirer"></slot></div>
      <p part="status" class="status">${d.waiting}</p>
      <div class="actions">
        ${url ? html`<a part="link" class="link" href=${url} target="_blank" rel="noopener">${d.openWindow}</a>` : nothing}
        <button part="button button-secondary" class="secondary" id="cancel" type="button" @click=${() => this.cancelConfirmation()}>
          ${d.cancel}
        </button>
      </div>`;
  }

  private renderResult(d: Dict): TemplateResult {
    const p = this.payment;
    if (!p) return html``;
    if (p.status === "succeeded") {
      return html`<div part="result result-success" class="result success">
        <p class="result-title" id="result-title">${d.successTitle}</p>
        <p>${d.successText(this.money(p.amount))}</p>
        ${p.receipt_number ? html`<p part="receipt">${d.receiptNumber}: <strong id="receipt-number">${p.receipt_number}</strong></p>` : nothing}
        <button part="button button-secondary" class="secondary" id="again" type="button" @click=${() => this.go("identify", "input")}>
          ${d.newPayment}
        </button>
      </div>`;
    }
    const reason = p.status === "canceled" ? "canceled" : (p.failure_reason ?? "unknown");
    const key = `failure_${reason}` as keyof Dict;
    const text = typeof d[key] === "string" ? (d[key] as string) : d.failure_unknown;
    return html`<div part="result result-failure" class="result failure" role="alert">
      <p class="result-title" id="result-title">${d.failedTitle}</p>
      <p id="failure-reason">${text}</p>
      <button part="button button-primary" class="primary" id="retry-payment" type="button" @click=${() => this.retryAfterFailure()}>
        ${d.retry}
      </button>
    </div>`;
  }
}

/** Whether DOMContentLoaded has fired (readyState "interactive" also covers deferred scripts before it). */
function documentParsed(): boolean {
  if (document.readyState === "loading") return false;
  const nav = performance.getEntriesByType?.("navigation")[0] as PerformanceNavigationTiming | undefined;
  return nav ? nav.domContentLoadedEventStart > 0 : true;
}
