import type { QueryOf } from "@lk/sdk";
import { html, nothing } from "lit";
import { page, rows } from "../../api/client";
import { lk } from "../../api/lk";
import type { Account, Group } from "../../api/types";
import { fmtMoney } from "../../core/format";
import { L } from "../../core/i18n";
import { pick, query, setQuery } from "../../core/router";
import { can } from "../../core/session";
import { LkScreen } from "../../ui/base";
import { accountStatus, accountTone } from "../../ui/labels";
import { field, loadState, pageHeader, pager, statusBadge, statusLine } from "../../ui/parts";

const FILTERS = ["q", "group_id", "status", "balance_below", "sort", "cursor"] as const;

/** Accounts: search, filter by group and status, sort, select and move between groups. */
export class LkAccounts extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    rows: { state: true },
    next: { state: true },
    groups: { state: true },
    selected: { state: true },
  };

  protected rows: Account[] = [];
  protected next: string | null = null;
  protected groups: Group[] = [];
  protected selected = new Set<string>();
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  protected override async load(signal: AbortSignal) {
    const f = pick(FILTERS);
    const [p, groups] = await Promise.all([
      page(
        lk.accounts.list(
          {
            q: f.q,
            group_id: f.group_id,
            status: f.status as Account["status"] | undefined,
            sort: f.sort as QueryOf<"/v1/accounts">["sort"],
            balance_below: f.balance_below ? Math.round(Number(f.balance_below) * 100) : undefined,
          },
          { signal },
        ),
        f.cursor,
      ),
      this.groups.length ? this.groups : rows(lk.groups.list({}, { signal })),
    ]);
    this.rows = p.data;
    this.next = p.next_cursor;
    this.groups = groups;
    this.selected = new Set();
  }

  private sortBy(key: string) {
    const cur = query().get("sort") ?? "number";
    setQuery({ sort: cur === key ? `-${key}` : key });
  }

  private sortHeader(key: string, label: string, num = false) {
    const cur = query().get("sort") ?? "number";
    const dir = cur === key ? "ascending" : cur === `-${key}` ? "descending" : "none";
    return html`<th class=${num ? "num" : ""} aria-sort=${dir}>
      <button type="button" class="sort" @click=${() => this.sortBy(key)}>${label}${dir === "ascending" ? " ▲" : dir === "descending" ? " ▼" : ""}</button></th>`;
  }

  private toggle(id: string, on: boolean) {
    const s = new Set(this.selected);
    if (on) s.add(id);
    else s.delete(id);
    this.selected = s;
  }

  private async move() {
    const target = (this.querySelector("#move-to") as HTMLSelectElement).value;
    const ids = [...this.selected];
    const r = await this.act(
      L("Переносим счета…", "Moving accounts…"),
      () => lk.accounts.move({ account_ids: ids, group_id: target || null }),
      (x) => L(`Перенесено счетов: ${x.moved}`, `Accounts moved: ${x.moved}`),
    );
    if (r) await this.reload();
  }

  private groupName(g: Group) {
    return `${"— ".repeat(g.path.length - 1)}${g.name}${g.cost_center ? ` (${g.cost_center})` : ""}`;
  }

  protected override render() {
    const q = query();
    // Paying and moving between groups are different rights: an accountant pays, only an admin
    // reorganises the company's accounts.
    const pay = can("payments:write");
    const move = can("accounts:write");
    const write = pay || move;
    const all = this.rows.length > 0 && this.rows.every((r) => this.selected.has(r.id));
    return html`
      ${pageHeader(
        L("Лицевые счета", "Accounts"),
        html`${pay ? html`<a class="button" href="/pay">${L("Оплатить", "Pay")}</a>` : nothing}
        ${move ? html`<a class="button secondary" href="/accounts/link">${L("Добавить счёт", "Add an account")}</a>` : nothing}`,
      )}
      <form class="filters" role="search" @submit=${(e: Event) => e.preventDefault()}>
        ${field(
          L("Поиск: номер или адрес", "Search: number or address"),
          "f-q",
          html`<input id="f-q" type="search" .value=${q.get("q") ?? ""}
          @input=${(e: Event) => {
            clearTimeout(this.searchTimer);
            const v = (e.target as HTMLInputElement).value;
            this.searchTimer = setTimeout(() => setQuery({ q: v }, { replace: true }), 300);
          }} />`,
        )}
        ${field(
          L("Группа", "Group"),
          "f-group",
          html`<select id="f-group" @change=${(e: Event) => setQuery({ group_id: (e.target as HTMLSelectElement).value })}>
          <option value="">${L("Все группы", "All groups")}</option>
          ${this.groups.map((g) => html`<option value=${g.id} ?selected=${q.get("group_id") === g.id}>${this.groupName(g)}</option>`)}
        </select>`,
        )}
        ${field(
          L("Статус", "Status"),
          "f-status",
          html`<select id="f-status" @change=${(e: Event) => setQuery({ status: (e.target as HTMLSelectElement).value })}>
          <option value="">${L("Любой", "Any")}</option>
          ${["active", "suspended", "closed"].map((s) => html`<option value=${s} ?selected=${q.get("status") === s}>${accountStatus(s)}</option>`)}
        </select>`,
        )}
        ${field(
          L("Баланс ниже, ₽", "Balance below, ₽"),
          "f-below",
          html`<input id="f-below" type="number" inputmode="decimal" .value=${q.get("balance_below") ?? ""}
          @change=${(e: Event) => setQuery({ balance_below: (e.target as HTMLInputElement).value })} />`,
        )}
      </form>
      ${
        write && this.selected.size
          ? html`<div class="card row" role="group" aria-label=${L("Действия с выбранными", "Bulk actions")}>
            <span>${L(`Выбрано: ${this.selected.size}`, `Selected: ${this.selected.size}`)}</span>
            ${
              move
                ? html`${field(
                    L("Перенести в группу", "Move to group"),
                    "move-to",
                    html`<select id="move-to">
              <option value="">${L("Без группы", "No group")}</option>
              ${this.groups.map((g) => html`<option value=${g.id}>${this.groupName(g)}</option>`)}</select>`,
                  )}
            <button type="button" @click=${this.move}>${L("Перенести", "Move")}</button>`
                : nothing
            }
            ${pay ? html`<a class="button secondary" href="/pay?accounts=${[...this.selected].join(",")}">${L("Оплатить выбранные", "Pay selected")}</a>` : nothing}
          </div>`
          : nothing
      }
      ${statusLine(this.status)}
      ${loadState(this.loading, this.loadError, !this.loading && this.rows.length === 0, ["Лицевых счетов не найдено", "No accounts found"])}
      ${
        this.rows.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Список счетов", "Accounts list")}>
          <table>
            <thead><tr>
              ${
                write
                  ? html`<th><input type="checkbox" aria-label=${L("Выбрать все на странице", "Select all on the page")} .checked=${all}
                @change=${(e: Event) => {
                  this.selected = (e.target as HTMLInputElement).checked
                    ? new Set(this.rows.map((r) => r.id))
                    : new Set();
                }} /></th>`
                  : nothing
              }
              ${this.sortHeader("number", L("Номер", "Number"))}
              <th>${L("Группа", "Group")}</th><th>${L("Статус", "Status")}</th>
              ${this.sortHeader("balance", L("Баланс", "Balance"), true)}
              <th>${L("Адрес", "Address")}</th>
            </tr></thead>
            <tbody>${this.rows.map(
              (a) => html`<tr>
                ${
                  write
                    ? html`<td><input type="checkbox" aria-label=${L(`Выбрать счёт ${a.number}`, `Select account ${a.number}`)} .checked=${this.selected.has(a.id)}
                  @change=${(e: Event) => this.toggle(a.id, (e.target as HTMLInputElement).checked)} /></td>`
                    : nothing
                }
                <td><a href="/accounts/${a.id}">${a.number}</a></td>
                <td>${a.group?.name ?? "—"}${a.group?.cost_center ? html` <span class="muted">${a.group.cost_center}</span>` : nothing}</td>
                <td>${statusBadge(accountStatus(a.status), accountTone(a.status))}</td>
                <td class="num ${a.balance_amount < 0 ? "neg" : ""}" data-testid="balance-${a.number}">${fmtMoney(a.balance_amount)}</td>
                <td>${a.address ?? "—"}</td>
              </tr>`,
            )}</tbody>
          </table></div>`
          : nothing
      }
      ${pager(this.next, q.has("cursor"))}`;
  }
}

customElements.define("lk-accounts", LkAccounts);
