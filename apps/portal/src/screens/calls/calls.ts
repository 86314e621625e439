import type { QueryOf } from "@lk/sdk";
import { html, nothing } from "lit";
import { page, rows, saveDownload } from "../../api/client";
import { lk } from "../../api/lk";
import type { Account, Call, CallStats, CallsSummary, Group } from "../../api/types";
import {
  dayEnd,
  dayStart,
  fmtDateTime,
  fmtDuration,
  fmtMoney,
  fmtNumber,
  monthOf,
  plural,
} from "../../core/format";
import { L } from "../../core/i18n";
import { pick, query, setQuery } from "../../core/router";
import { accountOptions, accountSelect } from "../../ui/accounts";
import { LkScreen } from "../../ui/base";
import { barChart, columnChart } from "../../ui/chart";
import { destType } from "../../ui/labels";
import { field, loadState, pageHeader, pager, statusLine } from "../../ui/parts";

type CallFilter = QueryOf<"/v1/calls">;

const FILTERS = [
  "period",
  "from",
  "to",
  "account_id",
  "group_id",
  "phone",
  "direction",
  "destination_type",
  "min_duration",
  "min_cost",
] as const;

/** Totals of a set of calls from its per-type statistics, as GET /v1/calls/summary gives them. */
function totalsOf(byType: CallStats): CallsSummary {
  const sum = (k: "count" | "duration_sec" | "billable_sec" | "cost_amount") =>
    byType.data.reduce((s, d) => s + d[k], 0);
  const billable = sum("billable_sec");
  return {
    from: byType.from,
    to: byType.to,
    count: sum("count"),
    duration_sec: sum("duration_sec"),
    billable_sec: billable,
    minutes: Math.round((billable / 60) * 100) / 100,
    cost_amount: sum("cost_amount"),
    currency: "RUB",
  };
}

/** Call details: every filter of the API, totals, three charts, the list, CSV/XLSX export. */
export class LkCalls extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    rows: { state: true },
    next: { state: true },
    summary: { state: true },
    byDay: { state: true },
    byType: { state: true },
    top: { state: true },
    accounts: { state: true },
    groups: { state: true },
  };
  protected rows: Call[] = [];
  protected next: string | null = null;
  protected summary: CallsSummary | null = null;
  protected byDay: CallStats | null = null;
  protected byType: CallStats | null = null;
  protected top: CallStats | null = null;
  protected accounts: Account[] = [];
  protected groups: Group[] = [];
  private exportCtrl: AbortController | undefined;

  /** The URL's filters in the API's types; dates are days of the operator's zone (`to` inclusive on screen). */
  private filter(): CallFilter {
    const f = pick(FILTERS);
    const day = (d: string | undefined, end = false) =>
      d && d.length === 10 ? (end ? dayEnd(d) : dayStart(d)) : d;
    return {
      period: !f.period && !f.from ? monthOf() : f.period,
      from: day(f.from),
      to: day(f.to, true),
      account_id: f.account_id,
      group_id: f.group_id,
      phone: f.phone,
      direction: f.direction as CallFilter["direction"],
      destination_type: f.destination_type as CallFilter["destination_type"],
      min_duration: f.min_duration ? Number(f.min_duration) : undefined,
      min_cost: f.min_cost ? Math.round(Number(f.min_cost) * 100) : undefined,
    };
  }

  /** The filter the totals and charts on screen are for (without the page's cursor). */
  private totalsFor = "";

  protected override async load(signal: AbortSignal) {
    const f = this.filter();
    const o = { signal };
    const cursor = query().get("cursor");
    const key = JSON.stringify(f);
    if (key === this.totalsFor && this.summary) {
      // Another page of the same filter: the totals and charts stay; only the rows are asked for
      // (one keyset query, not the month counted again four times).
      const p = await page(lk.calls.list(f, o), cursor);
      Object.assign(this, { rows: p.data, next: p.next_cursor });
      return;
    }
    const [p, byDay, byType, top] = await Promise.all([
      page(lk.calls.list(f, o), cursor),
      lk.calls.stats({ ...f, by: "day" }, o),
      lk.calls.stats({ ...f, by: "destination_type" }, o),
      lk.calls.stats({ ...f, by: "top_numbers", top: 10 }, o),
    ]);
    // The most expensive numbers first, whatever order the statistics come in.
    top.data.sort((a, b) => b.cost_amount - a.cost_amount);
    // The totals are the sum of the per-type groups (every call has one type): one scan of the
    // month fewer than asking /v1/calls/summary as well.
    const summary = totalsOf(byType);
    Object.assign(this, { rows: p.data, next: p.next_cursor, summary, byDay, byType, top });
    this.totalsFor = key;
    // The pickers' lists come after what a person reads: the account picker's thousand accounts
    // were the slowest answer of this screen, and on PGlite's one connection they held up the calls.
    if (!this.accounts.length || !this.groups.length) void this.loadPickers(signal);
  }

  private async loadPickers(signal: AbortSignal) {
    try {
      const [accounts, groups] = await Promise.all([
        this.accounts.length ? this.accounts : accountOptions(signal),
        this.groups.length ? this.groups : rows(lk.groups.list({}, { signal })),
      ]);
      if (!signal.aborted) Object.assign(this, { accounts, groups });
    } catch {
      // The filters still work by URL; the next load asks again.
    }
  }

  private async exportAs(format: "csv" | "xlsx") {
    this.exportCtrl?.abort();
    const ctrl = new AbortController();
    this.exportCtrl = ctrl;
    const total = this.summary?.count ?? 0;
    await this.act(
      L("Готовим выгрузку…", "Preparing the export…"),
      () =>
        saveDownload(
          lk.calls.export({ ...this.filter(), format }, { signal: ctrl.signal }),
          `calls.${format}`,
          (bytes) => {
            const n = plural(
              total,
              { one: "звонок", few: "звонка", many: "звонков" },
              { one: "call", other: "calls" },
            );
            this.status = {
              kind: "busy",
              text: L(
                `Получено ${fmtNumber(Math.round(bytes / 1024))} КБ (в выборке ${n})…`,
                `Received ${fmtNumber(Math.round(bytes / 1024))} KB (${n})…`,
              ),
            };
          },
        ),
      (r) =>
        L(
          `Выгрузка готова: ${r.name}, ${fmtNumber(Math.round(r.size / 1024))} КБ`,
          `Export ready: ${r.name}, ${fmtNumber(Math.round(r.size / 1024))} KB`,
        ),
    );
  }

  protected override render() {
    const q = query();
    const set = (k: string) => (e: Event) => setQuery({ [k]: (e.target as HTMLInputElement).value });
    const s = this.summary;
    const busy = this.status?.kind === "busy";
    return html`${pageHeader(L("Звонки", "Calls"))}
      <form class="filters" @submit=${(e: Event) => e.preventDefault()} aria-label=${L("Фильтры звонков", "Call filters")}>
        ${field(L("Месяц", "Month"), "c-period", html`<input id="c-period" type="month" .value=${q.get("period") ?? (q.get("from") ? "" : monthOf())} @change=${set("period")} />`)}
        ${field(L("С даты", "From"), "c-from", html`<input id="c-from" type="date" .value=${q.get("from") ?? ""} @change=${(e: Event) => setQuery({ from: (e.target as HTMLInputElement).value, period: null })} />`)}
        ${field(L("По дату", "To"), "c-to", html`<input id="c-to" type="date" .value=${q.get("to") ?? ""} @change=${set("to")} />`)}
        ${field(L("Счёт", "Account"), "c-acc", html`<span @change=${set("account_id")}>${accountSelect("c-acc", "account_id", this.accounts, q.get("account_id") ?? "", L("Все счета", "All accounts"))}</span>`)}
        ${field(L("Группа", "Group"), "c-group", html`<select id="c-group" @change=${set("group_id")}><option value="">${L("Все", "All")}</option>${this.groups.map((g) => html`<option value=${g.id} ?selected=${q.get("group_id") === g.id}>${g.path.join(" / ")}</option>`)}</select>`)}
        ${field(L("Номер телефона", "Phone number"), "c-phone", html`<input id="c-phone" type="search" inputmode="tel" .value=${q.get("phone") ?? ""} @change=${set("phone")} />`)}
        ${field(
          L("Направление", "Direction"),
          "c-dir",
          html`<select id="c-dir" @change=${set("direction")}><option value="">${L("Все", "All")}</option>
          <option value="outgoing" ?selected=${q.get("direction") === "outgoing"}>${L("исходящие", "outgoing")}</option>
          <option value="incoming" ?selected=${q.get("direction") === "incoming"}>${L("входящие", "incoming")}</option></select>`,
        )}
        ${field(
          L("Тип", "Type"),
          "c-type",
          html`<select id="c-type" @change=${set("destination_type")}><option value="">${L("Все", "All")}</option>
          ${["local", "long_distance", "international", "mobile"].map((d) => html`<option value=${d} ?selected=${q.get("destination_type") === d}>${destType(d)}</option>`)}</select>`,
        )}
        ${field(L("Длительность от, сек", "Min duration, s"), "c-mindur", html`<input id="c-mindur" type="number" min="0" .value=${q.get("min_duration") ?? ""} @change=${set("min_duration")} />`)}
        ${field(L("Стоимость от, ₽", "Min cost, ₽"), "c-mincost", html`<input id="c-mincost" type="number" min="0" step="0.01" .value=${q.get("min_cost") ?? ""} @change=${set("min_cost")} />`)}
      </form>
      <div class="row">
        <button type="button" class="secondary" ?disabled=${busy} @click=${() => this.exportAs("csv")}>${L("Выгрузить CSV", "Export CSV")}</button>
        <button type="button" class="secondary" ?disabled=${busy} @click=${() => this.exportAs("xlsx")}>${L("Выгрузить XLSX", "Export XLSX")}</button>
        ${busy ? html`<button type="button" class="link" @click=${() => this.exportCtrl?.abort()}>${L("Отменить", "Cancel")}</button>` : nothing}
      </div>
      ${statusLine(this.status)}
      ${loadState(this.loading, this.loadError, false)}
      ${
        s
          ? html`<section class="card" aria-labelledby="h-tot"><h2 id="h-tot">${L("Итого", "Totals")}</h2><dl class="kv">
          <dt>${L("Звонков", "Calls")}</dt><dd data-testid="calls-count">${fmtNumber(s.count)}</dd>
          <dt>${L("Минут", "Minutes")}</dt><dd>${fmtNumber(s.minutes)}</dd>
          <dt>${L("Стоимость", "Cost")}</dt><dd>${fmtMoney(s.cost_amount)}</dd></dl></section>`
          : nothing
      }
      <div class="grid">
        ${
          this.byDay?.data.length
            ? html`<section class="card" aria-labelledby="h-day"><h2 id="h-day">${L("По дням, минуты", "Per day, minutes")}</h2>${columnChart(
                this.byDay.data.map((d) => ({ label: d.key.slice(8, 10), value: d.minutes })),
                fmtNumber,
                L("Минуты по дням", "Minutes per day"),
              )}</section>`
            : nothing
        }
        ${
          this.byType?.data.length
            ? html`<section class="card" aria-labelledby="h-type"><h2 id="h-type">${L("По типу направления", "By destination type")}</h2>${barChart(
                this.byType.data.map((d) => ({ label: destType(d.key), value: d.cost_amount })),
                fmtMoney,
                L("Стоимость по типам", "Cost by type"),
              )}</section>`
            : nothing
        }
        ${
          this.top?.data.length
            ? html`<section class="card" aria-labelledby="h-top"><h2 id="h-top">${L("Топ номеров", "Top numbers")}</h2>${barChart(
                this.top.data.map((d) => ({ label: d.key, value: d.cost_amount })),
                fmtMoney,
                L("Топ номеров по стоимости", "Top numbers by cost"),
              )}</section>`
            : nothing
        }
      </div>
      ${
        this.rows.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Звонки", "Calls")}><table>
          <thead><tr><th>${L("Начало", "Start")}</th><th>${L("Счёт", "Account")}</th><th>${L("Кто", "From")}</th><th>${L("Кому", "To")}</th><th>${L("Тип", "Type")}</th><th class="num">${L("Длит.", "Duration")}</th><th class="num">${L("Стоимость", "Cost")}</th></tr></thead>
          <tbody>${this.rows.map((c) => html`<tr><td>${fmtDateTime(c.started_at)}</td><td>${c.account_number}</td><td>${c.caller}</td><td>${c.callee}</td><td>${destType(c.destination_type)}${c.direction === "incoming" ? ` (${L("вх.", "in")})` : ""}</td><td class="num">${fmtDuration(c.duration_sec)}</td><td class="num">${fmtMoney(c.cost_amount)}</td></tr>`)}</tbody></table></div>`
          : !this.loading
            ? html`<p class="empty">${L("Звонков по фильтру нет", "No calls match")}</p>`
            : nothing
      }
      ${pager(this.next, q.has("cursor"))}`;
  }
}

customElements.define("lk-calls", LkCalls);
