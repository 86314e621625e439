import { html, nothing } from "lit";
import { saveDownload } from "../../api/client";
import { lk } from "../../api/lk";
import type { Reconciliation } from "../../api/types";
import { fmtDate, fmtMoney, today } from "../../core/format";
import { L } from "../../core/i18n";
import { query, setQuery } from "../../core/router";
import { LkScreen } from "../../ui/base";
import { field, loadState, pageHeader, statusLine } from "../../ui/parts";

// The default period is this year up to today by the operator's calendar (LK_TIME_ZONE, Moscow by
// default): at 00:30 MSK on 1 January the UTC date (or the browser's own zone) would still say the
// old year.
const yearStart = () => `${today().slice(0, 4)}-01-01`;

/** Reconciliation statement (акт сверки) for a chosen period: on screen and as PDF. */
export class LkReconciliation extends LkScreen {
  static override properties = { ...LkScreen.properties, rec: { state: true } };
  protected rec: Reconciliation | null = null;

  private range() {
    const q = query();
    return { from: q.get("from") ?? yearStart(), to: q.get("to") ?? today() };
  }

  protected override async load(signal: AbortSignal) {
    this.rec = await lk.documents.reconciliation(this.range(), { signal });
  }

  protected override render() {
    const { from, to } = this.range();
    const r = this.rec;
    return html`${pageHeader(L("Акт сверки", "Reconciliation statement"))}
      <form class="filters" @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        const f = new FormData(e.target as HTMLFormElement);
        setQuery({ from: String(f.get("from")), to: String(f.get("to")) });
      }}>
        ${field(L("С", "From"), "r-from", html`<input id="r-from" name="from" type="date" .value=${from} required />`)}
        ${field(L("По", "To"), "r-to", html`<input id="r-to" name="to" type="date" .value=${to} required />`)}
        <button type="submit" class="secondary">${L("Показать", "Show")}</button>
        <button type="button" @click=${() =>
          this.act(
            L("Готовим PDF…", "Preparing the PDF…"),
            () =>
              saveDownload(lk.documents.reconciliationPdf({ from, to }), `reconciliation-${from}-${to}.pdf`),
            (x) => L(`Скачан файл ${x.name}`, `Downloaded ${x.name}`),
          )}>${L("Скачать PDF", "Download PDF")}</button>
      </form>
      ${statusLine(this.status)}
      ${loadState(this.loading, this.loadError, false)}
      ${
        r
          ? html`<section class="card"><p>${r.seller.name} (${L("ИНН", "INN")} ${r.seller.inn}) — ${r.buyer.name} (${L("ИНН", "INN")} ${r.buyer.inn})</p>
          <p data-testid="rec-period">${L(`За период с ${fmtDate(r.from)} по ${fmtDate(r.to)}`, `Period from ${fmtDate(r.from)} to ${fmtDate(r.to)}`)}</p>
          <p>${L("Сальдо на начало", "Opening balance")}: <strong>${fmtMoney(r.opening_balance)}</strong></p>
          ${
            r.lines.length
              ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Операции", "Entries")}><table>
              <thead><tr><th>${L("Дата", "Date")}</th><th>${L("Документ", "Document")}</th><th class="num">${L("Дебет", "Debit")}</th><th class="num">${L("Кредит", "Credit")}</th></tr></thead>
              <tbody>${r.lines.map((l) => html`<tr><td>${fmtDate(l.date)}</td><td>${l.document}</td><td class="num">${l.debit ? fmtMoney(l.debit) : ""}</td><td class="num">${l.credit ? fmtMoney(l.credit) : ""}</td></tr>`)}
              <tr><th scope="row" colspan="2">${L("Обороты", "Turnover")}</th><td class="num">${fmtMoney(r.debit)}</td><td class="num">${fmtMoney(r.credit)}</td></tr></tbody></table></div>`
              : html`<p class="empty">${L("Операций за период нет", "No entries in the period")}</p>`
          }
          <p>${L("Сальдо на конец", "Closing balance")}: <strong>${fmtMoney(r.closing_balance)}</strong></p></section>`
          : nothing
      }`;
  }
}

customElements.define("lk-reconciliation", LkReconciliation);
