import { html, nothing } from "lit";
import { page, rows } from "../../api/client";
import { lk } from "../../api/lk";
import type { Account, Order, Service, Tariff } from "../../api/types";
import { fmtDate, fmtMoney } from "../../core/format";
import { L } from "../../core/i18n";
import { navigate, pick, query, setQuery } from "../../core/router";
import { can } from "../../core/session";
import { accountOptions, accountSelect } from "../../ui/accounts";
import { LkScreen } from "../../ui/base";
import { markFieldErrors } from "../../ui/field-errors";
import { orderKind, serviceKind, serviceStatus } from "../../ui/labels";
import { field, loadState, pageHeader, pager, statusLine } from "../../ui/parts";

/** Services per account, and orders to connect, change tariff, suspend, resume or disconnect. */
export class LkServices extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    rows: { state: true },
    next: { state: true },
    accounts: { state: true },
    tariffs: { state: true },
    target: { state: true },
  };
  protected rows: Service[] = [];
  protected next: string | null = null;
  protected accounts: Account[] = [];
  protected tariffs: Tariff[] = [];
  /** The service an action is being ordered for, or "new" for a connection. */
  protected target: Service | "new" | null = null;

  protected override async load(signal: AbortSignal) {
    const f = pick(["account_id", "status", "kind", "cursor"]);
    const [p, accounts, tariffs] = await Promise.all([
      page(
        lk.services.list(
          {
            account_id: f.account_id,
            status: f.status as Service["status"] | undefined,
            kind: f.kind as Service["kind"] | undefined,
          },
          { signal },
        ),
        f.cursor,
      ),
      accountOptions(signal),
      this.tariffs.length ? this.tariffs : rows(lk.tariffs.list({ limit: 200 }, { signal })),
    ]);
    Object.assign(this, { rows: p.data, next: p.next_cursor, accounts, tariffs });
  }

  private async order(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const t = this.target;
    const kind = String(f.get("kind") ?? "connect") as Order["kind"];
    const comment = String(f.get("comment") ?? "") || undefined;
    const needsTariff = kind === "connect" || kind === "change_tariff";
    const tariffId = needsTariff ? String(f.get("tariff_id") ?? "") : undefined;
    const body = {
      kind,
      ...(comment ? { comment } : {}),
      account_id: t === "new" ? String(f.get("account_id") ?? "") : (t?.account_id ?? ""),
      ...(t && t !== "new" ? { service_id: t.id } : {}),
      ...(tariffId ? { tariff_id: tariffId } : {}),
    };
    // What is missing is marked on its own field, as the server's field errors are.
    const missing: Record<string, string> = {};
    if (!body.account_id) missing.account_id = L("Выберите счёт", "Pick an account");
    if (needsTariff && !tariffId) missing.tariff_id = L("Выберите тариф", "Pick a tariff");
    if (Object.keys(missing).length) {
      this.status = null;
      markFieldErrors(e.target as HTMLFormElement, missing);
      return;
    }
    this.status = { kind: "busy", text: L("Отправляем заявку…", "Sending the order…") };
    try {
      const o = await lk.orders.create(body);
      this.status = { kind: "ok", text: L("Заявка принята", "Order placed") };
      navigate(`/orders/${o.id}`);
    } catch (err) {
      await this.failed(err, e.target as HTMLFormElement);
    }
  }

  private orderForm() {
    const t = this.target;
    if (!t) return nothing;
    const kinds =
      t === "new"
        ? ["connect"]
        : t.status === "suspended"
          ? ["resume", "change_tariff", "disconnect"]
          : ["change_tariff", "suspend", "disconnect"];
    return html`<section class="card" aria-labelledby="h-order"><h2 id="h-order" tabindex="-1">${t === "new" ? L("Подключить услугу", "Connect a service") : L(`Заявка по услуге ${t.identifier}`, `Order for ${t.identifier}`)}</h2>
      <form @submit=${this.order} novalidate>
        <div class="grid">
          ${t === "new" ? field(L("Счёт", "Account"), "o-acc", accountSelect("o-acc", "account_id", this.accounts, query().get("account_id") ?? "")) : nothing}
          ${field(L("Что сделать", "Action"), "o-kind", html`<select id="o-kind" name="kind">${kinds.map((k) => html`<option value=${k}>${orderKind(k)}</option>`)}</select>`)}
          ${field(
            L("Тариф (для подключения и смены)", "Tariff (connect / change)"),
            "o-tariff",
            html`<select id="o-tariff" name="tariff_id"><option value="">—</option>
            ${this.tariffs.filter((x) => x.active && (t === "new" || x.kind === t.kind)).map((x) => html`<option value=${x.id}>${serviceKind(x.kind)}: ${x.name} — ${fmtMoney(x.monthly_fee_amount)}/${L("мес.", "mo")}</option>`)}</select>`,
          )}
          ${field(L("Комментарий", "Comment"), "o-comment", html`<input id="o-comment" name="comment" maxlength="1000" />`)}
        </div>
        <div class="actions"><button type="submit">${L("Отправить заявку", "Send the order")}</button>
          <button type="button" class="secondary" @click=${() => {
            this.target = null;
          }}>${L("Отмена", "Cancel")}</button></div>
      </form></section>`;
  }

  private async pick(t: Service | "new") {
    this.target = t;
    await this.updateComplete;
    (this.querySelector("#h-order") as HTMLElement | null)?.focus();
  }

  protected override render() {
    const q = query();
    const w = can("services:write");
    return html`${pageHeader(
      L("Услуги", "Services"),
      html`<div class="row"><a class="button secondary" href="/orders">${L("Мои заявки", "My orders")}</a>
        ${w ? html`<button type="button" @click=${() => this.pick("new")}>${L("Подключить услугу", "Connect a service")}</button>` : nothing}</div>`,
    )}
      <div class="filters">
        ${field(L("Счёт", "Account"), "s-acc", html`<span @change=${(e: Event) => setQuery({ account_id: (e.target as HTMLSelectElement).value })}>${accountSelect("s-acc", "account_id", this.accounts, q.get("account_id") ?? "", L("Все счета", "All accounts"))}</span>`)}
        ${field(
          L("Состояние", "Status"),
          "s-status",
          html`<select id="s-status" @change=${(e: Event) => setQuery({ status: (e.target as HTMLSelectElement).value })}><option value="">${L("Любое", "Any")}</option>
          ${["active", "suspended", "pending", "disconnected"].map((s) => html`<option value=${s} ?selected=${q.get("status") === s}>${serviceStatus(s)}</option>`)}</select>`,
        )}
      </div>
      ${this.orderForm()}${statusLine(this.status)}
      ${loadState(this.loading, this.loadError, !this.loading && !this.rows.length, ["Услуг пока нет", "No services yet"])}
      ${
        this.rows.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Услуги", "Services")}><table>
          <thead><tr><th>${L("Услуга", "Service")}</th><th>${L("Счёт", "Account")}</th><th>${L("Тариф", "Tariff")}</th><th>${L("Состояние", "Status")}</th><th>${L("С", "Since")}</th>${w ? html`<th>${L("Действия", "Actions")}</th>` : nothing}</tr></thead>
          <tbody>${this.rows.map(
            (
              s,
            ) => html`<tr><td>${serviceKind(s.kind)} ${s.identifier}</td><td><a href="/accounts/${s.account_id}">${s.account_number}</a></td>
            <td>${s.tariff.name}, ${fmtMoney(s.tariff.monthly_fee_amount)}/${L("мес.", "mo")}</td><td>${serviceStatus(s.status)}</td><td>${fmtDate(s.connected_at)}</td>
            ${w ? html`<td>${s.status !== "disconnected" ? html`<button type="button" class="link" @click=${() => this.pick(s)}>${L("Изменить", "Change")}<span class="visually-hidden"> ${s.identifier}</span></button>` : nothing}</td>` : nothing}</tr>`,
          )}</tbody></table></div>`
          : nothing
      }
      ${pager(this.next, q.has("cursor"))}`;
  }
}

customElements.define("lk-services", LkServices);
