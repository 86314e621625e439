import { html, nothing } from "lit";
import { rows } from "../../api/client";
import { lk } from "../../api/lk";
import type { AccountDetail, Call, Invoice, PromisedPaymentInfo } from "../../api/types";
import { fmtDate, fmtDateTime, fmtDuration, fmtMoney, fmtPeriod } from "../../core/format";
import { L, lang } from "../../core/i18n";
import { can } from "../../core/session";
import { LkScreen } from "../../ui/base";
import {
  accountStatus,
  accountTone,
  destType,
  invoiceStatus,
  ledgerKind,
  serviceKind,
  serviceStatus,
} from "../../ui/labels";
import { loadState, pageHeader, statusBadge } from "../../ui/parts";

/** One account: balance, services, ledger, invoices and the latest calls, with links to act on it. */
export class LkAccount extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    acc: { state: true },
    invoices: { state: true },
    calls: { state: true },
    promised: { state: true },
  };

  protected acc: AccountDetail | null = null;
  protected invoices: Invoice[] = [];
  protected calls: Call[] = [];
  protected promised: PromisedPaymentInfo | null = null;

  protected override async load(signal: AbortSignal) {
    const id = this.params.id ?? "";
    this.acc = await lk.accounts.get(id, { signal });
    // Calls come oldest first (keyset pages on started_at): take the last week's and show the
    // newest 20 first.
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    const [inv, calls, pp] = await Promise.allSettled([
      rows(lk.invoices.list({ account_id: id, limit: 12 }, { signal })),
      rows(lk.calls.list({ account_id: id, from: weekAgo, limit: 1000 }, { signal })),
      lk.accounts.promisedPayment(id, { signal }),
    ]);
    this.invoices = inv.status === "fulfilled" ? inv.value : [];
    this.calls = calls.status === "fulfilled" ? calls.value.slice(-20).reverse() : [];
    this.promised = pp.status === "fulfilled" ? pp.value : null;
  }

  protected override render() {
    const a = this.acc;
    if (!a)
      return html`${pageHeader(L("Лицевой счёт", "Account"))}${loadState(this.loading, this.loadError, false)}`;
    return html`
      ${pageHeader(
        L(`Лицевой счёт ${a.number}`, `Account ${a.number}`),
        html`<div class="row">
          ${
            can("payments:write")
              ? html`<a class="button" href="/pay?accounts=${a.id}">${L("Оплатить", "Pay")}</a>
            <a class="button secondary" href="/promised?account=${a.id}">${L("Обещанный платёж", "Promised payment")}</a>`
              : nothing
          }
          ${can("services:write") ? html`<a class="button secondary" href="/services?account_id=${a.id}">${L("Заказать услугу", "Order a service")}</a>` : nothing}</div>`,
      )}
      ${loadState(false, this.loadError, false)}
      <div class="grid">
        <section class="card" aria-labelledby="h-bal"><h2 id="h-bal">${L("Баланс", "Balance")}</h2>
          <p class="figure ${a.balance_amount < 0 ? "neg" : ""}" data-testid="account-balance">${fmtMoney(a.balance_amount)}</p>
          <dl class="kv">
            <dt>${L("Статус", "Status")}</dt><dd>${statusBadge(accountStatus(a.status), accountTone(a.status))}</dd>
            <dt>${L("Группа", "Group")}</dt><dd>${a.group?.name ?? "—"} ${a.group?.cost_center ? `(${a.group.cost_center})` : ""}</dd>
            <dt>${L("Порог отключения", "Suspension threshold")}</dt><dd>${fmtMoney(a.min_balance_amount)}</dd>
            <dt>${L("Система расчётов", "Billing")}</dt><dd>${a.billing_system === "credit" ? L("кредитная", "credit") : L("авансовая", "advance")}</dd>
            <dt>${L("Регион", "Region")}</dt><dd>${a.region}</dd>
            <dt>${L("Адрес", "Address")}</dt><dd>${a.address ?? "—"}</dd>
          </dl>
          ${this.promised?.active ? html`<p>${statusBadge(L(`Обещанный платёж ${fmtMoney(this.promised.active.amount)} до ${fmtDate(this.promised.active.expires_at)}`, `Promised payment ${fmtMoney(this.promised.active.amount)} until ${fmtDate(this.promised.active.expires_at)}`), "warn")}</p>` : nothing}
        </section>
        <section class="card" aria-labelledby="h-svc"><h2 id="h-svc">${L("Услуги", "Services")}</h2>
          ${
            a.services.length
              ? html`<ul>${a.services.map((s) => html`<li>${serviceKind(s.kind)} ${s.identifier} — ${s.tariff.name}, ${fmtMoney(s.tariff.monthly_fee_amount)}/${L("мес.", "mo")} · ${serviceStatus(s.status)}</li>`)}</ul>`
              : html`<p class="empty">${L("Нет услуг", "No services")}</p>`
          }
        </section>
      </div>
      <section class="card" aria-labelledby="h-ledger"><h2 id="h-ledger">${L("Движение средств", "Ledger")}</h2>
        ${
          a.recent_ledger.length
            ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-ledger"><table>
            <thead><tr><th>${L("Дата", "Date")}</th><th>${L("Операция", "Entry")}</th><th class="num">${L("Сумма", "Amount")}</th><th class="num">${L("Остаток", "Balance")}</th></tr></thead>
            <tbody>${a.recent_ledger.map(
              (
                l,
              ) => html`<tr><td>${fmtDateTime(l.effective_at)}</td><td>${entryText(l.kind, l.description)}</td>
              <td class="num ${l.amount < 0 ? "neg" : ""}">${fmtMoney(l.amount)}</td><td class="num">${fmtMoney(l.balance_after_amount)}</td></tr>`,
            )}</tbody></table></div>`
            : html`<p class="empty">${L("Операций нет", "No entries")}</p>`
        }
      </section>
      <section class="card" aria-labelledby="h-inv"><h2 id="h-inv">${L("Счета и документы", "Invoices and documents")}</h2>
        ${
          this.invoices.length
            ? html`<ul>${this.invoices.map(
                (
                  i,
                ) => html`<li>№ ${i.number} ${L("за", "for")} ${fmtPeriod(i.period)} — ${fmtMoney(i.total_amount)}, ${invoiceStatus(i.status)}
              · <a href="/documents?account_id=${a.id}&period=${i.period}">${L("документы", "documents")}</a></li>`,
              )}</ul>`
            : html`<p class="empty">${L("Нет данных", "No data")}</p>`
        }
      </section>
      <section class="card" aria-labelledby="h-calls"><h2 id="h-calls">${L("Последние звонки", "Latest calls")}</h2>
        <p class="muted">${L("За последние 7 дней, сначала новые", "The last 7 days, newest first")}</p>
        ${
          this.calls.length
            ? html`<ul>${this.calls.map((c) => html`<li>${fmtDateTime(c.started_at)} ${c.callee} · ${destType(c.destination_type)} · ${fmtDuration(c.duration_sec)} · ${fmtMoney(c.cost_amount)}</li>`)}</ul>`
            : html`<p class="empty">${L("Нет данных", "No data")}</p>`
        }
        <a href="/calls?account_id=${a.id}">${L("Все звонки счёта", "All calls of the account")}</a>
      </section>`;
  }
}

/**
 * A ledger line: its kind and its description. The API says the description in the request's
 * language (stored in Russian, translated at read time for English callers), so an English screen
 * reads it as given.
 */
function entryText(kind: string, description: string) {
  return lang() === "ru" ? `${ledgerKind(kind)}: ${description}` : description;
}

customElements.define("lk-account", LkAccount);
