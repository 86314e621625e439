import { html, nothing } from "lit";
import { lk } from "../../api/lk";
import type { Traffic } from "../../api/types";
import { fmtBytes, monthOf } from "../../core/format";
import { L } from "../../core/i18n";
import { query, setQuery } from "../../core/router";
import { LkScreen } from "../../ui/base";
import { columnChart } from "../../ui/chart";
import { field, loadState, pageHeader } from "../../ui/parts";

/** Internet traffic of a month: totals, per service and per day. */
export class LkTraffic extends LkScreen {
  static override properties = { ...LkScreen.properties, t: { state: true } };
  protected t: Traffic | null = null;

  protected override async load(signal: AbortSignal) {
    const q = query();
    this.t = await lk.traffic.get(
      { period: q.get("period") ?? monthOf(), account_id: q.get("account_id") ?? undefined },
      { signal },
    );
  }

  protected override render() {
    const t = this.t;
    return html`${pageHeader(L("Интернет-трафик", "Internet traffic"))}
      <div class="filters">${field(L("Месяц", "Month"), "tr-period", html`<input id="tr-period" type="month" .value=${query().get("period") ?? monthOf()} @change=${(e: Event) => setQuery({ period: (e.target as HTMLInputElement).value })} />`)}</div>
      ${loadState(this.loading, this.loadError, !!t && !t.services.length, ["Нет услуг с трафиком", "No services with traffic"])}
      ${
        t
          ? html`<section class="card"><p>${L("Входящий", "In")}: <strong>${fmtBytes(t.totals.bytes_in)}</strong> · ${L("Исходящий", "Out")}: <strong>${fmtBytes(t.totals.bytes_out)}</strong></p>
          ${
            t.days.length
              ? columnChart(
                  t.days.map((d) => ({ label: d.day.slice(8, 10), value: d.bytes_in + d.bytes_out })),
                  fmtBytes,
                  L("Трафик по дням", "Traffic per day"),
                )
              : nothing
          }</section>
          ${
            t.services.length
              ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("По услугам", "Per service")}><table>
            <thead><tr><th>${L("Услуга", "Service")}</th><th>${L("Счёт", "Account")}</th><th class="num">${L("Вход", "In")}</th><th class="num">${L("Исход", "Out")}</th></tr></thead>
            <tbody>${t.services.map((s) => html`<tr><td>${s.identifier}</td><td>${s.account_number}</td><td class="num">${fmtBytes(s.bytes_in)}</td><td class="num">${fmtBytes(s.bytes_out)}</td></tr>`)}</tbody></table></div>`
              : nothing
          }`
          : nothing
      }`;
  }
}

customElements.define("lk-traffic", LkTraffic);
