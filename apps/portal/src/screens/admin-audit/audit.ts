import { html, nothing } from "lit";
import { page } from "../../api/client";
import { lk } from "../../api/lk";
import type { AuditEntry } from "../../api/types";
import { fmtDateTime } from "../../core/format";
import { L } from "../../core/i18n";
import { pick, query, setQuery } from "../../core/router";
import { LkScreen } from "../../ui/base";
import { field, loadState, pageHeader, pager } from "../../ui/parts";
import { actionChoices, actionLabel, actorKind } from "./actions";

/** The company's audit log: when, who (name and login), what (in words), from which address. */
export class LkAudit extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    rows: { state: true },
    next: { state: true },
  };
  protected rows: AuditEntry[] = [];
  protected next: string | null = null;

  protected override async load(signal: AbortSignal) {
    const f = pick(["action", "from", "to", "cursor"]);
    const p = await page(
      lk.auditLog.list({ action: f.action, from: f.from, to: f.to, limit: 50 }, { signal }),
      f.cursor,
    );
    this.rows = p.data;
    this.next = p.next_cursor;
  }

  private who(r: AuditEntry) {
    if (r.actor_name)
      return html`${r.actor_name}${r.actor_login ? html`<br /><small class="muted">${r.actor_login}</small>` : nothing}`;
    if (r.actor_login) return r.actor_login;
    return actorKind(r.actor_type);
  }

  protected override render() {
    const q = query();
    const set = (k: string) => (e: Event) => setQuery({ [k]: (e.target as HTMLInputElement).value });
    return html`${pageHeader(L("Журнал действий", "Audit log"))}
      <form class="filters" @submit=${(e: Event) => e.preventDefault()}>
        ${field(
          L("Действие", "Action"),
          "a-action",
          html`<select id="a-action" @change=${set("action")}>
            <option value="">${L("Любое", "Any")}</option>
            ${actionChoices().map((a) => html`<option value=${a.code} ?selected=${q.get("action") === a.code}>${a.label}</option>`)}
          </select>`,
        )}
        ${field(L("С даты", "From"), "a-from", html`<input id="a-from" type="date" .value=${q.get("from") ?? ""} @change=${set("from")} />`)}
        ${field(L("По дату", "To"), "a-to", html`<input id="a-to" type="date" .value=${q.get("to") ?? ""} @change=${set("to")} />`)}
      </form>
      ${loadState(this.loading, this.loadError, !this.loading && !this.rows.length, ["Записей не найдено", "No entries found"])}
      ${
        this.rows.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Журнал", "Log")}><table>
          <thead><tr><th>${L("Когда", "When")}</th><th>${L("Кто", "Who")}</th><th>${L("Что", "What")}</th><th>${L("Адрес", "IP address")}</th></tr></thead>
          <tbody>${this.rows.map((r) => html`<tr><td>${fmtDateTime(r.created_at)}</td><td data-testid="audit-who">${this.who(r)}</td><td data-testid="audit-what">${actionLabel(r.action)}</td><td>${r.ip ?? "—"}</td></tr>`)}</tbody></table></div>`
          : nothing
      }
      ${pager(this.next, q.has("cursor"))}`;
  }
}

customElements.define("lk-audit", LkAudit);
