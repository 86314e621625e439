import { html } from "lit";
import { page } from "../../api/client";
import { lk } from "../../api/lk";
import type { Order } from "../../api/types";
import { fmtDateTime } from "../../core/format";
import { L } from "../../core/i18n";
import { pick, query, setQuery } from "../../core/router";
import { can } from "../../core/session";
import { LkScreen } from "../../ui/base";
import { billingSystemName, orderKind, orderStatus } from "../../ui/labels";
import { field, loadState, pageHeader, pager } from "../../ui/parts";

/** Service orders and their status. */
export class LkOrders extends LkScreen {
  static override properties = { ...LkScreen.properties, rows: { state: true }, next: { state: true } };
  protected rows: Order[] = [];
  protected next: string | null = null;

  protected override async load(signal: AbortSignal) {
    const f = pick(["status", "kind", "account_id", "cursor"]);
    const p = await page(
      lk.orders.list(
        {
          status: f.status as Order["status"] | undefined,
          kind: f.kind as Order["kind"] | undefined,
          account_id: f.account_id,
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
    return html`${pageHeader(
      L("Заявки", "Orders"),
      html`<span><a class="button secondary" href="/services">${L("Услуги", "Services")}</a>
        ${can("services:write") ? html`<a class="button secondary" href="/orders/billing">${L("Сменить систему расчётов", "Change the payment system")}</a>` : ""}</span>`,
    )}
      <div class="filters">
        ${field(
          L("Статус", "Status"),
          "or-status",
          html`<select id="or-status" @change=${(e: Event) => setQuery({ status: (e.target as HTMLSelectElement).value })}><option value="">${L("Любой", "Any")}</option>
          ${["new", "in_progress", "done", "rejected", "cancelled"].map((s) => html`<option value=${s} ?selected=${q.get("status") === s}>${orderStatus(s)}</option>`)}</select>`,
        )}
        ${field(
          L("Вид", "Kind"),
          "or-kind",
          html`<select id="or-kind" @change=${(e: Event) => setQuery({ kind: (e.target as HTMLSelectElement).value })}><option value="">${L("Любой", "Any")}</option>
          ${["connect", "change_tariff", "suspend", "resume", "disconnect", "change_billing"].map((s) => html`<option value=${s} ?selected=${q.get("kind") === s}>${orderKind(s)}</option>`)}</select>`,
        )}
      </div>
      ${loadState(this.loading, this.loadError, !this.loading && !this.rows.length, ["Заявок пока нет", "No orders yet"])}
      ${
        this.rows.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Заявки", "Orders")}><table>
          <thead><tr><th>${L("Заявка", "Order")}</th><th>${L("Счёт", "Account")}</th><th>${L("Статус", "Status")}</th><th>${L("Создана", "Created")}</th><th>${L("Обновлена", "Updated")}</th></tr></thead>
          <tbody>${this.rows.map((o) => html`<tr><td><a href="/orders/${o.id}">${orderKind(o.kind)}${o.service_identifier ? ` ${o.service_identifier}` : ""}</a>${o.billing_system ? html` → ${billingSystemName(o.billing_system)}` : ""}</td><td>${o.account_number}</td><td>${orderStatus(o.status)}</td><td>${fmtDateTime(o.created_at)}</td><td>${fmtDateTime(o.updated_at)}</td></tr>`)}</tbody></table></div>`
          : ""
      }
      ${pager(this.next, q.has("cursor"))}`;
  }
}

customElements.define("lk-orders", LkOrders);
