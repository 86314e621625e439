import { html, nothing } from "lit";
import { rows } from "../../api/client";
import { lk } from "../../api/lk";
import type { Bonuses, Payment } from "../../api/types";
import { fmtDate, fmtMoney, fmtPeriod, parseRubles, plural, rublesInput } from "../../core/format";
import { L } from "../../core/i18n";
import { navigate, query, setQuery } from "../../core/router";
import { currentUser } from "../../core/session";
import { email, normPhone, phone } from "../../core/validate";
import { LkScreen } from "../../ui/base";
import { failureReason, paymentStatus } from "../../ui/labels";
import { moneyMoved } from "../../ui/money";
import { field, loadState, pageHeader, statusLine } from "../../ui/parts";
import "./sbp";

interface Line {
  id: string;
  label: string;
  detail: string;
  recommended: number;
  kind: "account" | "invoice";
}

const positions = (n: number) =>
  plural(n, { one: "позиция", few: "позиции", many: "позиций" }, { one: "item", other: "items" });

const FINAL = new Set(["succeeded", "failed", "canceled", "refunded"]);

/**
 * One card payment for several accounts or invoices. Amounts start at what is recommended (the
 * debt, or the unpaid invoice); the server prices the payment; the card is typed into the
 * acquirer's own page in an iframe; the result comes from our API, not from the iframe's message.
 */
export class LkPayScreen extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    lines: { state: true },
    picked: { state: true },
    amounts: { state: true },
    errors: { state: true },
    bonus: { state: true },
    payment: { state: true },
    method: { state: true },
  };

  protected lines: Line[] = [];
  protected picked = new Set<string>();
  protected amounts: Record<string, string> = {};
  protected errors: Record<string, string | null> = {};
  protected bonus: Bonuses | null = null;
  protected payment: Payment | null = null;
  /** Card (the acquirer's page in an iframe) or SBP (a QR code, screens/pay/sbp.ts). */
  protected method: "card" | "sbp" = "card";
  /** The last create request, for «Показать новый код» after an SBP code expired. */
  private lastBody: Record<string, unknown> | null = null;
  private acquirerOrigin = "";
  private readonly onMessage = (e: MessageEvent) => {
    // Only the acquirer's page may tell us it finished, and even then we ask our API.
    if (!this.payment || e.origin !== this.acquirerOrigin) return;
    if ((e.data as { type?: string })?.type === "lk-acquirer-result") void this.poll();
  };

  override connectedCallback() {
    super.connectedCallback();
    addEventListener("message", this.onMessage);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    removeEventListener("message", this.onMessage);
  }

  private by() {
    return query().get("by") === "invoices" ? "invoices" : "accounts";
  }

  protected override async load(signal: AbortSignal) {
    const q = query();
    // Back from a redirect-mode payment: show its result.
    const returned = q.get("payment_id");
    if (returned) return navigate(`/payments/${returned}`, { replace: true });
    if (this.payment) return;
    const want = new Set((q.get("accounts") ?? "").split(",").filter(Boolean));
    const search = q.get("q") ?? "";
    if (this.by() === "invoices") {
      // Unpaid = overdue + issued; `q` finds one by its number.
      // Typed as printed on the invoice («№ 2026-000123») or bare: the API matches the bare number.
      const number = search.replace(/^\s*(№|No\.?\s)\s*/i, "").trim() || undefined;
      const [a, b] = await Promise.all([
        rows(lk.invoices.list({ status: "overdue", number, limit: 200 }, { signal })),
        rows(lk.invoices.list({ status: "issued", number, limit: 200 }, { signal })),
      ]);
      this.lines = [...a, ...b].map((i) => ({
        id: i.id,
        kind: "invoice",
        label: `№ ${i.number}`,
        detail: `${i.account_number} · ${fmtPeriod(i.period)} · ${L("до", "due")} ${fmtDate(i.due_on)}`,
        // What is still due: a partly paid invoice accepts no more than that.
        recommended: i.amount_due,
      }));
    } else {
      const accounts = await rows(
        lk.accounts.list({ q: search || undefined, limit: 200, sort: "balance" }, { signal }),
      );
      this.lines = accounts
        .filter((a) => a.status !== "closed")
        .map((a) => ({
          id: a.id,
          kind: "account",
          label: a.number,
          detail: `${a.group?.name ?? ""} · ${L("баланс", "balance")} ${fmtMoney(a.balance_amount)}`,
          recommended: Math.max(0, -a.balance_amount),
        }));
    }
    const amounts: Record<string, string> = {};
    for (const l of this.lines) amounts[l.id] = l.recommended ? rublesInput(l.recommended) : "";
    // «Попробовать ещё раз» from a failed payment's page: the same accounts (or invoices) and the
    // same amounts as that payment, not what is recommended now.
    const retry = q.get("retry");
    const before = retry ? await lk.payments.get(retry, { signal }).catch(() => null) : null;
    for (const i of before?.items ?? []) {
      const id = this.by() === "invoices" ? i.invoice_id : i.account_id;
      if (!id || !this.lines.some((l) => l.id === id)) continue;
      want.add(id);
      amounts[id] = rublesInput(i.amount);
    }
    this.picked = new Set(this.lines.filter((l) => want.has(l.id)).map((l) => l.id));
    this.amounts = amounts;
    this.bonus = await lk.bonuses.get({ limit: 1 }, { signal }).catch(() => null);
  }

  private check(id: string, text: string): string | null {
    if (!this.picked.has(id)) return null;
    const k = parseRubles(text);
    if (k === null) return L("Сумма в рублях, например 1 500,00", "Amount in rubles, e.g. 1500.00");
    if (k < 100) return L("Не меньше 1 ₽", "At least 1 ₽");
    if (k > 100_000_000_00) return L("Слишком большая сумма", "Amount too large");
    return null;
  }

  private total() {
    return [...this.picked].reduce((s, id) => s + (parseRubles(this.amounts[id] ?? "") ?? 0), 0);
  }

  private async pay(e: SubmitEvent) {
    e.preventDefault();
    const errs: Record<string, string | null> = {};
    for (const id of this.picked) errs[id] = this.check(id, this.amounts[id] ?? "");
    const f = new FormData(e.target as HTMLFormElement);
    const receipt = String(f.get("receipt_email") ?? "").trim();
    errs.receipt_email = receipt ? email(receipt) : null;
    const receiptPhone = String(f.get("receipt_phone") ?? "").trim();
    errs.receipt_phone = receiptPhone ? phone(receiptPhone) : null;
    const saveCard = f.get("save_card") === "on";
    const useBonus = parseRubles(String(f.get("use_bonus") ?? "") || "0") ?? 0;
    errs.use_bonus =
      this.bonus && useBonus > this.bonus.balance
        ? L("Больше, чем есть бонусов", "More than your bonuses")
        : null;
    this.errors = errs;
    if (!this.picked.size) {
      this.status = { kind: "error", text: L("Выберите хотя бы один счёт", "Pick at least one account") };
      return;
    }
    if (Object.values(errs).some(Boolean)) {
      await this.updateComplete;
      (this.querySelector("[aria-invalid=true]") as HTMLElement | null)?.focus();
      return;
    }
    const items = [...this.picked].map((id) => {
      const line = this.lines.find((l) => l.id === id)!;
      const amount = parseRubles(this.amounts[id] ?? "") ?? 0;
      return line.kind === "invoice" ? { invoice_id: id, amount } : { account_id: id, amount };
    });
    this.lastBody = {
      items,
      method: this.method,
      return_url: `${location.origin}/pay`,
      ...(receipt ? { receipt_email: receipt } : {}),
      ...(receiptPhone ? { receipt_phone: normPhone(receiptPhone) } : {}),
      ...(useBonus ? { use_bonus: useBonus } : {}),
      // A card is saved only when paying by card (the API refuses save_card with SBP).
      ...(saveCard && this.method === "card" ? { save_card: true } : {}),
    };
    await this.create(this.lastBody);
  }

  private async create(body: Record<string, unknown>) {
    this.status = { kind: "busy", text: L("Создаём платёж…", "Creating the payment…") };
    try {
      const p = await lk.payments.create(body as Parameters<typeof lk.payments.create>[0]);
      this.payment = p;
      if (p.method === "sbp") {
        this.status = null;
        void this.poll();
        await this.updateComplete;
        (this.querySelector("#pay-step") as HTMLElement | null)?.focus();
        return;
      }
      if (p.confirmation_url) this.acquirerOrigin = new URL(p.confirmation_url).origin;
      this.status = FINAL.has(p.status)
        ? null
        : {
            kind: "busy",
            text: L(
              "Введите данные карты на странице банка ниже",
              "Enter the card details on the bank's page below",
            ),
          };
      if (FINAL.has(p.status)) void this.poll();
      await this.updateComplete;
      (this.querySelector("#pay-step") as HTMLElement | null)?.focus();
    } catch (err) {
      this.errors = { ...this.errors, ...(await this.failed(err, this.querySelector("form"))) };
    }
  }

  /** Asks our API until the acquirer's notification has settled the payment. */
  private async poll() {
    const id = this.payment?.id;
    if (!id) return;
    // A card page is settled within a minute; an SBP code until it expires (and a little after).
    const sbpEnds = this.payment?.qr?.expires_at ? Date.parse(this.payment.qr.expires_at) + 30_000 : 0;
    for (let i = 0; i < 60 || Date.now() < sbpEnds; i++) {
      if (!this.isConnected || this.payment?.id !== id) return;
      const p = await lk.payments.get(id).catch(() => null);
      if (p) this.payment = p;
      if (p?.failure_reason === "qr_expired") return; // lk-sbp-qr offers a new code
      if (p && FINAL.has(p.status)) {
        this.status =
          p.status === "succeeded"
            ? { kind: "ok", text: L(`Оплачено ${fmtMoney(p.amount)}`, `Paid ${fmtMoney(p.amount)}`) }
            : { kind: "error", text: failureReason(p.failure_reason) };
        // Balances, invoices and "owed now" changed (or a failed try released nothing): every
        // screen and picker reads them again instead of showing what was true before.
        if (p.status === "succeeded") moneyMoved();
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  protected override render() {
    const p = this.payment;
    return html`${pageHeader(L("Оплата картой или по СБП", "Pay by card or SBP"))}
      ${p ? this.confirmation(p) : this.form()}
      ${statusLine(this.status)}`;
  }

  private confirmation(p: Payment) {
    const done = FINAL.has(p.status);
    const ok = p.status === "succeeded";
    const heading = !done
      ? L(
          `Платёж на ${fmtMoney(p.amount)} — ${paymentStatus(p.status)}`,
          `Payment of ${fmtMoney(p.amount)} — ${paymentStatus(p.status)}`,
        )
      : ok
        ? L(`Оплачено ${fmtMoney(p.amount)}`, `Paid ${fmtMoney(p.amount)}`)
        : L("Платёж не прошёл", "The payment did not go through");
    return html`<section class="card" id="pay-step" tabindex="-1" aria-labelledby="h-step">
      <h2 id="h-step">${heading}</h2>
      ${p.commission ? html`<p>${L("Комиссия", "Commission")}: ${fmtMoney(p.commission)}</p>` : nothing}
      ${ok && p.bonus_amount ? html`<p>${L("Бонусами", "With bonuses")}: ${fmtMoney(p.bonus_amount)}</p>` : nothing}
      ${
        p.method === "sbp" && (!done || p.failure_reason === "qr_expired")
          ? html`<lk-sbp-qr .payment=${p} @lk-new-code=${() => this.lastBody && void this.create(this.lastBody)}></lk-sbp-qr>`
          : nothing
      }
      ${
        !done && p.confirmation_url && p.method !== "sbp"
          ? html`<iframe class="acquirer-frame" src=${p.confirmation_url} title=${L("Страница оплаты банка", "The bank's payment page")}></iframe>
          <p><a href=${p.confirmation_url} target="_top">${L("Открыть страницу оплаты целиком", "Open the payment page in full")}</a></p>`
          : nothing
      }
      ${
        ok
          ? html`<ul>${p.items.map((i) => html`<li>${i.account_number}${i.invoice_number ? ` (№ ${i.invoice_number})` : ""}: ${fmtMoney(i.amount)}</li>`)}</ul>
          <div class="row"><a class="button" href="/payments/${p.id}">${L("Квитанция и детали", "Receipt and details")}</a>
          <a class="button secondary" href="/">${L("К обзору", "To the overview")}</a></div>`
          : nothing
      }
      ${
        done && !ok
          ? html`<p data-testid="decline-reason">${failureReason(p.failure_reason)}</p>
          <p class="muted">${L("Деньги с карты не списаны.", "Nothing was charged to the card.")}</p>
          <div class="row"><button type="button" @click=${this.retry}>${L("Попробовать ещё раз", "Try again")}</button>
          <a class="button secondary" href="/bank-invoice">${L("Оплатить по безналу", "Pay by bank transfer")}</a></div>`
          : nothing
      }
    </section>`;
  }

  /** Back to the form with the same accounts and amounts, for another card. */
  private readonly retry = async () => {
    this.payment = null;
    this.status = null;
    await this.updateComplete;
    (this.querySelector("form button[type=submit]") as HTMLElement | null)?.focus();
  };

  private form() {
    const by = this.by();
    const me = currentUser();
    return html`
      <nav class="tabs" aria-label=${L("Что оплачиваем", "What to pay")}>
        <a href="/pay" aria-current=${by === "accounts" ? "page" : nothing}>${L("Лицевые счета", "Accounts")}</a>
        <a href="/pay?by=invoices" aria-current=${by === "invoices" ? "page" : nothing}>${L("Неоплаченные счета", "Unpaid invoices")}</a>
      </nav>
      <div class="filters">${field(
        by === "accounts" ? L("Найти счёт", "Find an account") : L("Номер счёта на оплату", "Invoice number"),
        "pay-q",
        html`<input id="pay-q" type="search" .value=${query().get("q") ?? ""}
            @change=${(e: Event) => setQuery({ q: (e.target as HTMLInputElement).value }, { replace: true })} />`,
      )}</div>
      ${loadState(this.loading, this.loadError, !this.loading && !this.lines.length, ["Нет лицевых счетов для оплаты", "No accounts to pay"])}
      <form @submit=${this.pay} novalidate>
        ${
          this.lines.length
            ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Что оплатить", "What to pay")}><table>
            <thead><tr><th>${L("Оплатить", "Pay")}</th><th>${by === "accounts" ? L("Счёт", "Account") : L("Счёт на оплату", "Invoice")}</th><th class="num">${L("Рекомендуем", "Recommended")}</th><th>${L("Сумма, ₽", "Amount, ₽")}</th></tr></thead>
            <tbody>${this.lines.map((l) => {
              const on = this.picked.has(l.id);
              return html`<tr>
                <td><input type="checkbox" id="pick-${l.id}" data-number=${l.label} .checked=${on} @change=${(
                  e: Event,
                ) => {
                  const s = new Set(this.picked);
                  if ((e.target as HTMLInputElement).checked) s.add(l.id);
                  else s.delete(l.id);
                  this.picked = s;
                }} /></td>
                <td><label for="pick-${l.id}">${l.label}</label><br /><small class="muted">${l.detail}</small></td>
                <td class="num">${fmtMoney(l.recommended)}</td>
                <td><input id="amount-${l.id}" data-number=${l.label} inputmode="decimal" aria-label=${L(`Сумма для ${l.label}`, `Amount for ${l.label}`)}
                  .value=${this.amounts[l.id] ?? ""} ?disabled=${!on} aria-invalid=${this.errors[l.id] ? "true" : "false"} aria-describedby="amount-${l.id}-err"
                  @input=${(e: Event) => {
                    const v = (e.target as HTMLInputElement).value;
                    this.amounts = { ...this.amounts, [l.id]: v };
                    this.errors = { ...this.errors, [l.id]: this.check(l.id, v) };
                  }} /><small id="amount-${l.id}-err" class="error-text">${this.errors[l.id] ?? ""}</small></td>
              </tr>`;
            })}</tbody></table></div>`
            : nothing
        }
        <div class="grid">
          ${field(
            L("Квитанция на e-mail", "Receipt to e-mail"),
            "receipt-email",
            html`<input id="receipt-email" name="receipt_email" type="email" autocomplete="email" .value=${me?.email ?? ""}
            aria-describedby="receipt-email-err" @input=${(e: Event) => {
              const v = (e.target as HTMLInputElement).value;
              this.errors = { ...this.errors, receipt_email: v ? email(v) : null };
            }} />`,
            this.errors.receipt_email,
          )}
          ${field(
            L("Квитанция по SMS на телефон", "Receipt by SMS to a phone"),
            "receipt-phone",
            html`<input id="receipt-phone" name="receipt_phone" type="tel" autocomplete="tel" inputmode="tel"
            aria-describedby="receipt-phone-err" @input=${(e: Event) => {
              const v = (e.target as HTMLInputElement).value;
              this.errors = { ...this.errors, receipt_phone: v ? phone(v) : null };
            }} />`,
            this.errors.receipt_phone,
          )}
          ${
            this.bonus && this.bonus.balance > 0
              ? field(
                  L(
                    `Списать бонусы, ₽ (доступно ${fmtMoney(this.bonus.balance)})`,
                    `Use bonuses, ₽ (available ${fmtMoney(this.bonus.balance)})`,
                  ),
                  "use-bonus",
                  html`<input id="use-bonus" name="use_bonus" inputmode="decimal" aria-describedby="use-bonus-err" />`,
                  this.errors.use_bonus,
                )
              : nothing
          }
        </div>
        <fieldset class="methods">
          <legend>${L("Способ оплаты", "Payment method")}</legend>
          ${(["card", "sbp"] as const).map(
            (m) => html`<label><input type="radio" name="method" value=${m} .checked=${this.method === m}
              @change=${() => {
                this.method = m;
              }} /> ${m === "card" ? L("Банковская карта", "Bank card") : L("СБП — по QR-коду из приложения банка", "SBP — a QR code in your bank's app")}</label>`,
          )}
        </fieldset>
        ${
          // Saving a card means nothing for a transfer by SBP: the box is there for a card only.
          this.method === "card"
            ? html`<p class="check"><input type="checkbox" id="save-card" name="save_card" />
          <label for="save-card">${L("Сохранить карту для автоплатежа", "Save the card for autopay")}</label>
          <small class="muted">${L("Банк сохранит карту; номер карты у нас не хранится. Удалить её можно в разделе «Автоплатёж».", "The bank keeps the card; we never store its number. Remove it under Autopay.")}</small></p>`
            : nothing
        }
        <p><strong>${L("Итого", "Total")}: <span data-testid="pay-total">${fmtMoney(this.total())}</span></strong>
          <span class="muted">(${positions(this.picked.size)})</span></p>
        <div class="actions">
          <button type="submit" ?disabled=${this.status?.kind === "busy"}>${
            this.method === "sbp"
              ? L("Показать QR-код для оплаты", "Show the QR code to pay")
              : L("Перейти к оплате картой", "Continue to card payment")
          }</button>
          <a class="button secondary" href="/bank-invoice${this.picked.size && by === "accounts" ? `?accounts=${[...this.picked].join(",")}` : ""}">${L("Счёт для оплаты по безналу", "Invoice for bank transfer")}</a>
        </div>
      </form>`;
  }
}

customElements.define("lk-pay-screen", LkPayScreen);
