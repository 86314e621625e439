import { html } from "lit";
import { page } from "../../api/client";
import { lk } from "../../api/lk";
import type { Payment } from "../../api/types";
import { dayEnd, dayStart, fmtDateTime, fmtMoney } from "../../core/format";
import { L } from "../../core/i18n";
import { pick, query, setQuery } from "../../core/router";
import { LkScreen } from "../../ui/base";
import { paymentStatus, paymentTone } from "../../ui/labels";
import { field, loadState, pageHeader, pager, statusBadge } from "../../ui/parts";

const FILTERS = ["status", "account_id", "from", "to", "cursor"] as const;

/** Payment history with filters (status, period) kept in the URL. */
export class LkPayments extends LkScreen {
  static override properties = { ...LkScreen.properties, rows: { state: true }, next: { state: true } };
  protected rows: Payment[] = [];
  protected next: string | null = null;

  protected override async load(signal: AbortSignal) {
    const f = pick(FILTERS);
    // Dates on screen are days of the operator's zone.
    const p = await page(
      lk.payments.list(
        {
          status: f.status as Payment["status"] | undefined,
          account_id: f.account_id,
          from: f.from ? dayStart(f.from) : undefined,
          to: f.to ? dayEnd(f.to) : undefined,
        },
        { signal },
      ),
      f.cursor,
    );
    this.rows = p.data;
    this.next = p.next_cursor;
  }

  protected override render() {
    const q = query();
    const set = (k: string) => (e: Event) => setQuery({ [k]: (e.target as HTMLInputElement).value });
    return html`${pageHeader(L("История платежей", "Payment history"))}
      <form class="filters" @submit=${(e: Event) => e.preventDefault()}>
        ${field(
          L("Статус", "Status"),
          "p-status",
          html`<select id="p-status" @change=${set("status")}>
          <option value="">${L("Любой", "Any")}</option>
          ${["succeeded", "pending", "requires_action", "failed", "canceled", "refunded"].map((s) => html`<option value=${s} ?selected=${q.get("status") === s}>${paymentStatus(s)}</option>`)}
        </select>`,
        )}
        ${field(L("С даты", "From"), "p-from", html`<input id="p-from" type="date" .value=${q.get("from") ?? ""} @change=${set("from")} />`)}
        ${field(L("По дату", "To"), "p-to", html`<input id="p-to" type="date" .value=${q.get("to") ?? ""} @change=${set("to")} />`)}
      </form>
      ${loadState(this.loading, this.loadError, !this.loading && !this.rows.length, ["Платежей не найдено", "No payments found"])}
      ${
        this.rows.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Платежи", "Payments")}><table>
          <thead><tr><th>${L("Дата", "Date")}</th><th>${L("Счета", "Accounts")}</th><th>${L("Статус", "Status")}</th><th class="num">${L("Сумма", "Amount")}</th><th>${L("Карта", "Card")}</th></tr></thead>
          <tbody>${this.rows.map(
            (p) => html`<tr>
            <td><a href="/payments/${p.id}">${fmtDateTime(p.created_at)}</a></td>
            <td>${p.items.map((i) => i.account_number).join(", ")}</td>
            <td>${statusBadge(paymentStatus(p.status), paymentTone(p.status))}</td>
            <td class="num">${fmtMoney(p.amount)}</td><td>${p.card_mask ?? "—"}</td></tr>`,
          )}</tbody></table></div>`
          : ""
      }
      ${pager(this.next, q.has("cursor"))}`;
  }
}

customElements.define("lk-payments", LkPayments);
