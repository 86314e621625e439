import type { Download } from "@lk/sdk/download";
import { html, nothing } from "lit";
import { page, rows, saveDownload } from "../../api/client";
import { lk } from "../../api/lk";
import type { Group, Invoice, LkDocument } from "../../api/types";
import { fmtBytes, fmtDate, fmtMoney, fmtPeriod, monthOf } from "../../core/format";
import { L } from "../../core/i18n";
import { pick, query, setQuery } from "../../core/router";
import { LkScreen } from "../../ui/base";
import { docKind, invoiceStatus } from "../../ui/labels";
import { field, loadState, pageHeader, pager, statusBadge, statusLine } from "../../ui/parts";

/** Invoices and closing documents (acts, VAT invoices, УПД) by period: one PDF or the period's zip. */
export class LkDocuments extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    invoices: { state: true },
    docs: { state: true },
    next: { state: true },
    groups: { state: true },
  };
  protected invoices: Invoice[] = [];
  protected docs: LkDocument[] = [];
  protected next: string | null = null;
  protected groups: Group[] = [];

  private tab() {
    return query().get("tab") === "closing" ? "closing" : "invoices";
  }

  protected override async load(signal: AbortSignal) {
    const f = pick(["period", "account_id", "group_id", "kind", "status", "cursor"]);
    if (!this.groups.length) this.groups = await rows(lk.groups.list({}, { signal })).catch(() => []);
    const common = { period: f.period, account_id: f.account_id, group_id: f.group_id };
    if (this.tab() === "invoices") {
      const status = f.status as Invoice["status"] | undefined;
      const p = await page(lk.invoices.list({ ...common, status }, { signal }), f.cursor);
      this.invoices = p.data;
      this.next = p.next_cursor;
    } else {
      const kind = f.kind as LkDocument["kind"] | undefined;
      const p = await page(lk.documents.list({ ...common, kind }, { signal }), f.cursor);
      this.docs = p.data;
      this.next = p.next_cursor;
    }
  }

  private pdf(file: () => Promise<Download>, name: string) {
    return this.act(
      L("Скачиваем PDF…", "Downloading the PDF…"),
      () => saveDownload(file(), name),
      (r) => L(`Скачан файл ${r.name}`, `Downloaded ${r.name}`),
    );
  }

  private zip() {
    const period = query().get("period") ?? monthOf(new Date(), -1);
    const group = query().get("group_id") ?? undefined;
    return this.act(
      L(`Собираем архив за ${fmtPeriod(period)}…`, `Building the archive for ${fmtPeriod(period)}…`),
      () =>
        saveDownload(lk.documents.archive({ period, group_id: group }), `documents-${period}.zip`, (b) => {
          this.status = {
            kind: "busy",
            text: L(`Получено ${fmtBytes(b)}…`, `Received ${fmtBytes(b)}…`),
          };
        }),
      (r) => L(`Скачан архив ${r.name}`, `Downloaded ${r.name}`),
    );
  }

  protected override render() {
    const q = query();
    const tab = this.tab();
    const set = (k: string) => (e: Event) => setQuery({ [k]: (e.target as HTMLInputElement).value });
    return html`${pageHeader(L("Счета и закрывающие документы", "Invoices and closing documents"), html`<a class="button secondary" href="/reconciliation">${L("Акт сверки", "Reconciliation")}</a>`)}
      <nav class="tabs" aria-label=${L("Вид документов", "Document type")}>
        <a href="/documents?${new URLSearchParams({ ...pick(["period", "group_id"]) })}" aria-current=${tab === "invoices" ? "page" : nothing}>${L("Счета", "Invoices")}</a>
        <a href="/documents?${new URLSearchParams({ ...pick(["period", "group_id"]), tab: "closing" })}" aria-current=${tab === "closing" ? "page" : nothing}>${L("Акты, счета-фактуры, УПД", "Acts, VAT invoices, UPD")}</a>
      </nav>
      <form class="filters" @submit=${(e: Event) => e.preventDefault()}>
        ${field(L("Период", "Period"), "d-period", html`<input id="d-period" type="month" .value=${q.get("period") ?? ""} @change=${set("period")} />`)}
        ${field(
          L("Группа", "Group"),
          "d-group",
          html`<select id="d-group" @change=${set("group_id")}><option value="">${L("Все", "All")}</option>
          ${this.groups.map((g) => html`<option value=${g.id} ?selected=${q.get("group_id") === g.id}>${g.path.join(" / ")}</option>`)}</select>`,
        )}
        ${
          tab === "closing"
            ? field(
                L("Вид", "Kind"),
                "d-kind",
                html`<select id="d-kind" @change=${set("kind")}><option value="">${L("Акты и счета-фактуры", "Acts and VAT invoices")}</option>
              ${["act", "vat_invoice", "upd", "payment_invoice"].map((k) => html`<option value=${k} ?selected=${q.get("kind") === k}>${docKind(k)}</option>`)}</select>`,
              )
            : field(
                L("Статус", "Status"),
                "d-status",
                html`<select id="d-status" @change=${set("status")}><option value="">${L("Любой", "Any")}</option>
              ${["issued", "overdue", "paid"].map((k) => html`<option value=${k} ?selected=${q.get("status") === k}>${invoiceStatus(k)}</option>`)}</select>`,
              )
        }
        <button type="button" class="secondary" @click=${this.zip}>${L("Скачать архив периода (ZIP)", "Download the period (ZIP)")}</button>
      </form>
      ${statusLine(this.status)}
      ${loadState(this.loading, this.loadError, !this.loading && (tab === "invoices" ? !this.invoices.length : !this.docs.length), tab === "invoices" ? ["Счетов не найдено", "No invoices found"] : ["Документов не найдено", "No documents found"])}
      ${
        tab === "invoices" && this.invoices.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Счета", "Invoices")}><table>
          <thead><tr><th>${L("Номер", "Number")}</th><th>${L("Период", "Period")}</th><th>${L("Счёт", "Account")}</th><th>${L("Оплатить до", "Due")}</th><th>${L("Статус", "Status")}</th><th class="num">${L("Сумма", "Total")}</th><th class="num">${L("НДС", "VAT")}</th><th>PDF</th></tr></thead>
          <tbody>${this.invoices.map(
            (
              i,
            ) => html`<tr><td>${i.number}</td><td>${fmtPeriod(i.period)}</td><td><a href="/accounts/${i.account_id}">${i.account_number}</a></td>
            <td>${fmtDate(i.due_on)}</td><td>${statusBadge(invoiceStatus(i.status), i.status === "paid" ? "ok" : i.status === "overdue" ? "bad" : "warn")}</td>
            <td class="num">${fmtMoney(i.total_amount)}</td><td class="num">${fmtMoney(i.vat_amount)}</td>
            <td><button type="button" class="link" @click=${() => this.pdf(() => lk.invoices.pdf(i.id), `invoice-${i.number}.pdf`)}>PDF<span class="visually-hidden"> ${i.number}</span></button>
              ${i.documents.map((d) => html` <button type="button" class="link" @click=${() => this.pdf(() => lk.documents.pdf(d.id), `${d.kind}-${i.number}.pdf`)}>${docKind(d.kind)}<span class="visually-hidden"> ${i.number}</span></button>`)}</td></tr>`,
          )}</tbody></table></div>`
          : nothing
      }
      ${
        tab === "closing" && this.docs.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Документы", "Documents")}><table>
          <thead><tr><th>${L("Документ", "Document")}</th><th>${L("Дата", "Date")}</th><th>${L("Период", "Period")}</th><th>${L("Счёт", "Account")}</th><th class="num">${L("Сумма", "Total")}</th><th class="num">${L("НДС", "VAT")}</th><th>PDF</th></tr></thead>
          <tbody>${this.docs.map(
            (
              d,
            ) => html`<tr><td>${docKind(d.kind)} № ${d.number}</td><td>${fmtDate(d.date)}</td><td>${fmtPeriod(d.period)}</td><td>${d.account_number ?? "—"}</td>
            <td class="num">${fmtMoney(d.total_amount)}</td><td class="num">${fmtMoney(d.vat_amount)}</td>
            <td><button type="button" class="link" @click=${() => this.pdf(() => lk.documents.pdf(d.id), `${d.kind}-${d.number}.pdf`)}>PDF<span class="visually-hidden"> ${d.number}</span></button></td></tr>`,
          )}</tbody></table></div>`
          : nothing
      }
      ${pager(this.next, q.has("cursor"))}`;
  }
}

customElements.define("lk-documents", LkDocuments);
