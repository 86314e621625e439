import { html, nothing } from "lit";
import { list, optional } from "../../api/client";
import { fmtDateTime } from "../../core/format";
import { L } from "../../core/i18n";
import { pick, query, setQuery } from "../../core/router";
import { LkScreen } from "../../ui/base";
import { field, loadState, pageHeader, pager } from "../../ui/parts";

interface AuditRow {
  id: string;
  at?: string;
  created_at?: string;
  actor?: string;
  action: string;
  ip?: string;
  request_id?: string;
  [k: string]: unknown;
}

/**
 * The company's audit log. The API writes it (docs/auth.md) but has no read route yet; this screen
 * asks GET /v1/audit-log and says plainly when the server does not offer it.
 */
export class LkAudit extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    rows: { state: true },
    next: { state: true },
    missing: { state: true },
  };
  protected rows: AuditRow[] = [];
  protected next: string | null = null;
  protected missing = false;

  protected override async load(signal: AbortSignal) {
    const p = await optional(
      list<AuditRow>("/v1/audit-log", pick(["action", "from", "to", "cursor"]), signal),
    );
    this.missing = !p;
    this.rows = p?.data ?? [];
    this.next = p?.next_cursor ?? null;
  }

  protected override render() {
    const q = query();
    const set = (k: string) => (e: Event) => setQuery({ [k]: (e.target as HTMLInputElement).value });
    return html`${pageHeader(L("Журнал действий", "Audit log"))}
      <form class="filters" @submit=${(e: Event) => e.preventDefault()}>
        ${field(L("Действие", "Action"), "a-action", html`<input id="a-action" type="search" .value=${q.get("action") ?? ""} @change=${set("action")} />`)}
        ${field(L("С даты", "From"), "a-from", html`<input id="a-from" type="date" .value=${q.get("from") ?? ""} @change=${set("from")} />`)}
        ${field(L("По дату", "To"), "a-to", html`<input id="a-to" type="date" .value=${q.get("to") ?? ""} @change=${set("to")} />`)}
      </form>
      ${
        this.missing
          ? html`<p class="empty" role="status">${L("Нет данных: сервер пока не отдаёт журнал действий (нет маршрута GET /v1/audit-log).", "No data: this server does not offer the audit log yet (no GET /v1/audit-log route).")}</p>`
          : loadState(this.loading, this.loadError, !this.loading && !this.rows.length)
      }
      ${
        this.rows.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Журнал", "Log")}><table>
          <thead><tr><th>${L("Когда", "When")}</th><th>${L("Кто", "Who")}</th><th>${L("Что", "What")}</th><th>${L("Адрес", "Address")}</th><th>${L("Запрос", "Request")}</th></tr></thead>
          <tbody>${this.rows.map((r) => html`<tr><td>${fmtDateTime(r.at ?? r.created_at)}</td><td>${r.actor ?? ""}</td><td>${r.action}</td><td>${r.ip ?? ""}</td><td><code>${r.request_id ?? ""}</code></td></tr>`)}</tbody></table></div>`
          : nothing
      }
      ${pager(this.next, q.has("cursor"))}`;
  }
}

customElements.define("lk-audit", LkAudit);
