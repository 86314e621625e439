import { html, nothing } from "lit";
import { page } from "../../api/client";
import { lk } from "../../api/lk";
import type { Account, SupportRequest } from "../../api/types";
import { fmtDateTime } from "../../core/format";
import { L } from "../../core/i18n";
import { navigate, pick, query, setQuery } from "../../core/router";
import { can } from "../../core/session";
import { required } from "../../core/validate";
import { accountOptions, accountSelect } from "../../ui/accounts";
import { LkScreen } from "../../ui/base";
import { supportStatus } from "../../ui/labels";
import { field, loadState, pageHeader, pager, statusLine } from "../../ui/parts";

/** Support requests: list with status filter, and a form to open a new one. */
export class LkSupport extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    rows: { state: true },
    next: { state: true },
    accounts: { state: true },
    errors: { state: true },
  };
  protected rows: SupportRequest[] = [];
  protected next: string | null = null;
  protected accounts: Account[] = [];
  protected errors: Record<string, string | null> = {};

  protected override async load(signal: AbortSignal) {
    const f = pick(["status", "account_id", "cursor"]);
    const [p, a] = await Promise.all([
      page(
        lk.support.list(
          { status: f.status as SupportRequest["status"] | undefined, account_id: f.account_id },
          { signal },
        ),
        f.cursor,
      ),
      accountOptions(signal),
    ]);
    this.rows = p.data;
    this.next = p.next_cursor;
    this.accounts = a;
  }

  private async create(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const subject = String(f.get("subject") ?? "").trim();
    const text = String(f.get("text") ?? "").trim();
    this.errors = { subject: required(subject), text: required(text) };
    if (this.errors.subject || this.errors.text) return;
    this.status = { kind: "busy", text: L("Отправляем…", "Sending…") };
    try {
      const acc = String(f.get("account_id") ?? "");
      const r = await lk.support.create({
        subject,
        text,
        ...(acc ? { account_id: acc } : {}),
      });
      navigate(`/support/${r.id}`);
    } catch (err) {
      this.errors = await this.failed(err, e.target as HTMLFormElement);
    }
  }

  protected override render() {
    const q = query();
    return html`${pageHeader(L("Обращения в поддержку", "Support requests"))}
      <div class="filters">${field(
        L("Статус", "Status"),
        "sr-status",
        html`<select id="sr-status" @change=${(e: Event) => setQuery({ status: (e.target as HTMLSelectElement).value })}><option value="">${L("Любой", "Any")}</option>
        ${["open", "waiting_for_customer", "resolved", "closed"].map((s) => html`<option value=${s} ?selected=${q.get("status") === s}>${supportStatus(s)}</option>`)}</select>`,
      )}</div>
      ${loadState(this.loading, this.loadError, !this.loading && !this.rows.length, ["Обращений пока нет", "No requests yet"])}
      ${
        this.rows.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Обращения", "Requests")}><table>
          <thead><tr><th>${L("Тема", "Subject")}</th><th>${L("Статус", "Status")}</th><th>${L("Обновлено", "Updated")}</th></tr></thead>
          <tbody>${this.rows.map((r) => html`<tr><td><a href="/support/${r.id}">${r.subject}</a></td><td>${supportStatus(r.status)}</td><td>${fmtDateTime(r.updated_at)}</td></tr>`)}</tbody></table></div>`
          : nothing
      }
      ${pager(this.next, q.has("cursor"))}
      ${
        can("services:write")
          ? html`<section class="card" aria-labelledby="h-new"><h2 id="h-new">${L("Новое обращение", "New request")}</h2>
          <form @submit=${this.create} novalidate>
            ${field(L("Тема", "Subject"), "sr-subject", html`<input id="sr-subject" name="subject" maxlength="200" aria-describedby="sr-subject-err" />`, this.errors.subject)}
            ${field(L("Счёт (если про него)", "Account (if about one)"), "sr-acc", accountSelect("sr-acc", "account_id", this.accounts, "", L("Не про конкретный счёт", "Not about one account")))}
            ${field(L("Сообщение", "Message"), "sr-text", html`<textarea id="sr-text" name="text" maxlength="10000" aria-describedby="sr-text-err"></textarea>`, this.errors.text)}
            <button type="submit">${L("Отправить", "Send")}</button></form>${statusLine(this.status)}</section>`
          : nothing
      }`;
  }
}

customElements.define("lk-support", LkSupport);
