import { html, nothing } from "lit";
import { errorText, rows } from "../../api/client";
import { lk } from "../../api/lk";
import type {
  Account,
  BalanceReport,
  Invoice,
  LkDocument,
  Notification,
  Order,
  SupportRequest,
} from "../../api/types";
import { fmtDate, fmtDateTime, fmtMoney, fmtPeriod, monthOf } from "../../core/format";
import { L } from "../../core/i18n";
import { can } from "../../core/session";
import { LkScreen } from "../../ui/base";
import { barChart } from "../../ui/chart";
import { accountStatus, accountTone, docKind, orderKind, orderStatus, supportStatus } from "../../ui/labels";
import { loadState, pageHeader, statusBadge } from "../../ui/parts";

/** One block's data, or why it has none (a route not on this server yet, no rights, an error). */
type Block<T> = { ok: true; value: T } | { ok: false; error: string };
const settle = async <T>(p: Promise<T>): Promise<Block<T>> => {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    return { ok: false, error: errorText(e) };
  }
};

interface Data {
  balance?: Block<BalanceReport>;
  unpaid?: Block<Invoice[]>;
  negative?: Block<Account[]>;
  suspended?: Block<Account[]>;
  /** One account or none: a new company has none yet, and the overview says how to add them. */
  any?: Block<Account[]>;
  alerts?: Block<Notification[]>;
  spend?: Block<Spend[]>;
  docs?: Block<LkDocument[]>;
  orders?: Block<Order[]>;
  requests?: Block<SupportRequest[]>;
}

interface Spend {
  name: string;
  costCenter: string | null;
  now: number;
  prev: number;
}

/**
 * The first screen: what the company owes and by when, which accounts need attention, how this
 * month's spending compares with last month's per group, and what is new. Each block loads on its
 * own and says "нет данных" when its route has nothing to give.
 */
export class LkDashboard extends LkScreen {
  static override properties = { ...LkScreen.properties, data: { state: true } };

  protected data: Data = {};

  protected override async load(signal: AbortSignal) {
    const period = monthOf();
    const d: Data = {};
    // Each block renders as soon as its own data arrives.
    const put = async <K extends keyof Data>(
      key: K,
      p: Promise<Data[K] extends Block<infer T> | undefined ? T : never>,
    ) => {
      const b = await settle(p);
      d[key] = b as Data[K];
      if (!signal.aborted) this.data = { ...d };
    };
    const o = { signal };
    await Promise.all([
      put("balance", lk.balance.get({ period }, o)),
      put(
        "unpaid",
        Promise.all([
          rows(lk.invoices.list({ status: "overdue", limit: 100 }, o)),
          rows(lk.invoices.list({ status: "issued", limit: 100 }, o)),
        ]).then(([a, b]) => [...a, ...b]),
      ),
      put("negative", rows(lk.accounts.list({ balance_below: 0, sort: "balance", limit: 10 }, o))),
      put("suspended", rows(lk.accounts.list({ status: "suspended", limit: 10 }, o))),
      put("any", rows(lk.accounts.list({ limit: 1 }, o))),
      // Newest first, and one billing run's notices (one instant) the one written last first:
      // the API's order (created_at, then insertion sequence).
      put("alerts", rows(lk.notifications.list({ unread: "true", limit: 5 }, o))),
      put("spend", this.spending(period, signal)),
      put("docs", rows(lk.documents.list({ limit: 5 }, o))),
      put(
        "orders",
        Promise.all([
          rows(lk.orders.list({ status: "new", limit: 5 }, o)),
          rows(lk.orders.list({ status: "in_progress", limit: 5 }, o)),
        ]).then(([a, b]) => [...a, ...b]),
      ),
      put("requests", rows(lk.support.list({ status: "open", limit: 5 }, o))),
    ]);
  }

  /**
   * Charges per top-level group, this month and last: one report for every group and both months
   * (ADR 0097), not a balance report per group and month.
   */
  private async spending(period: string, signal: AbortSignal): Promise<Spend[]> {
    const r = await lk.balance.chargesByGroup({ period, months: 2 }, { signal });
    return r.data
      .filter((g) => g.group_id !== null)
      .slice(0, 8)
      .map((g) => ({
        name: g.name ?? "",
        costCenter: g.cost_center,
        prev: g.charges[0]?.amount ?? 0,
        now: g.charges[1]?.amount ?? 0,
      }));
  }

  protected override render() {
    const d = this.data;
    return html`
      ${pageHeader(L("Обзор", "Overview"), can("payments:write") && this.hasAccounts() ? html`<a class="button" href="/pay">${L("Оплатить счета", "Pay accounts")}</a>` : nothing)}
      ${this.loading && !d.balance ? loadState(true, "", false) : nothing}
      ${this.loadError ? loadState(false, this.loadError, false) : nothing}
      ${this.hasAccounts() ? nothing : this.empty()}
      <div class="grid">
        <section class="card" aria-labelledby="h-balance">${this.balance()}</section>
        <section class="card" aria-labelledby="h-attention">${this.attention()}</section>
      </div>
      <section class="card" aria-labelledby="h-spend">${this.spend()}</section>
      <div class="grid">
        <section class="card" aria-labelledby="h-docs">${this.docs()}</section>
        <section class="card" aria-labelledby="h-orders">${this.orders()}</section>
      </div>`;
  }

  private hasAccounts() {
    const a = this.data.any;
    return !a?.ok || a.value.length > 0;
  }

  /** A company whose cabinet has no accounts yet: say so, and how to add them. */
  private empty() {
    return html`<section class="card onboarding" aria-labelledby="h-empty" data-testid="no-accounts">
      <h2 id="h-empty">${L("В кабинете пока нет лицевых счетов", "There are no accounts in the cabinet yet")}</h2>
      <p>${L(
        "Чтобы видеть балансы, платить и получать документы, добавьте лицевые счета компании: укажите номер счёта (или номер телефона), и на контактный телефон из договора придёт код подтверждения — он действует 5 минут.",
        "To see balances, pay and get documents, add your company's accounts: enter the account number (or a phone number) and a confirmation code goes to the contact phone of the contract — it is valid for 5 minutes.",
      )}</p>
      ${
        can("accounts:write")
          ? html`<a class="button" href="/accounts/link">${L("Добавить лицевой счёт", "Add an account")}</a>`
          : html`<p class="muted">${L("Добавить счета может администратор кабинета.", "An administrator of the cabinet can add accounts.")}</p>`
      }
    </section>`;
  }

  private none<T>(b: Block<T> | undefined) {
    if (!b) return html`<p class="muted" role="status">${L("Загрузка…", "Loading…")}</p>`;
    if (!b.ok)
      return html`<p class="empty">${L("Нет данных", "No data")}<span class="visually-hidden">: ${b.error}</span></p>`;
    return null;
  }

  private balance() {
    const b = this.data.balance;
    const u = this.data.unpaid;
    // What is still to pay: a partly paid invoice owes its amount_due, not its total.
    const owed = u?.ok ? u.value.reduce((s, i) => s + i.amount_due, 0) : null;
    const due = u?.ok ? u.value.map((i) => i.due_on).sort()[0] : undefined;
    const overdue = u?.ok ? u.value.filter((i) => i.status === "overdue").length : 0;
    const closing = b?.ok ? b.value.closing_balance : null;
    return html`<h2 id="h-balance">${L("Баланс компании", "Company balance")}</h2>
      ${
        this.none(b) ??
        html`
        <dl class="kv">
          <dt>${L("К оплате сейчас", "Owed now")}</dt>
          <dd class="figure ${owed ? "neg" : ""}" data-testid="owed">${owed === null ? L("нет данных", "no data") : fmtMoney(owed)}</dd>
          <dt>${L("Оплатить до", "Due by")}</dt>
          <dd>${due ? fmtDate(due) : "—"} ${overdue ? statusBadge(L(`просрочено счетов: ${overdue}`, `${overdue} overdue`), "bad") : nothing}</dd>
          <dt>${L("Остаток аванса", "Advance left")}</dt>
          <dd data-testid="advance">${closing === null ? "—" : fmtMoney(Math.max(0, closing))}</dd>
          <dt>${L("Сальдо на конец месяца", "Closing balance")}</dt>
          <dd class=${closing !== null && closing < 0 ? "neg" : ""}>${fmtMoney(closing)}</dd>
        </dl>
        <p class="muted">${
          b?.ok
            ? L(
                `За ${fmtPeriod(b.value.from.slice(0, 7))}: было ${fmtMoney(b.value.opening_balance)}, начислено ${fmtMoney(Math.abs(b.value.charges))}, оплачено ${fmtMoney(b.value.payments)}, прочее ${fmtMoney(b.value.other)}.`,
                `For ${fmtPeriod(b.value.from.slice(0, 7))}: opening ${fmtMoney(b.value.opening_balance)}, charged ${fmtMoney(Math.abs(b.value.charges))}, paid ${fmtMoney(b.value.payments)}, other ${fmtMoney(b.value.other)}.`,
              )
            : ""
        }</p>`
      }`;
  }

  private attention() {
    const n = this.data.negative;
    const s = this.data.suspended;
    const alerts = this.data.alerts;
    const rows = [...(n?.ok ? n.value : []), ...(s?.ok ? s.value : [])].filter(
      (a, i, all) => all.findIndex((x) => x.id === a.id) === i,
    );
    return html`<h2 id="h-attention">${L("Требуют внимания", "Need attention")}</h2>
      ${
        !n || !s
          ? this.none(undefined)
          : rows.length === 0
            ? html`<p class="empty">${this.hasAccounts() ? L("Все счета в порядке", "All accounts are fine") : L("Счетов пока нет", "No accounts yet")}</p>`
            : html`<ul>${rows.map(
                (
                  a,
                ) => html`<li><a href="/accounts/${a.id}">${a.number}</a> ${statusBadge(accountStatus(a.status), accountTone(a.status))}
              <span class=${a.balance_amount < 0 ? "neg" : ""}>${fmtMoney(a.balance_amount)}</span></li>`,
              )}</ul>
          ${n.ok && n.value.length ? html`<a href="/accounts?balance_below=0&sort=balance">${L("Все счета с минусом", "All negative accounts")}</a>` : nothing}`
      }
      ${
        alerts?.ok && alerts.value.length
          ? html`<h3>${L("Уведомления", "Notifications")}</h3><ul>${alerts.value.map((x) => html`<li><span class="muted">${fmtDateTime(x.created_at)}</span> <strong>${x.title}</strong> — ${x.body}</li>`)}</ul>`
          : nothing
      }`;
  }

  private spend() {
    const s = this.data.spend;
    return html`<h2 id="h-spend">${L("Расходы по группам: этот месяц и прошлый", "Spending by group: this month vs last")}</h2>
      ${
        this.none(s) ??
        (s?.ok && s.value.length
          ? html`${barChart(
              s.value.map((x) => ({ label: x.name, value: x.now, prev: x.prev })),
              fmtMoney,
              L("Расходы по группам", "Spending by group"),
              [L("этот месяц", "this month"), L("прошлый месяц", "last month")],
            )}
          <div class="table-wrap" tabindex="0" role="region" aria-label=${L("Расходы по группам, таблица", "Spending by group, table")}>
          <table><thead><tr><th>${L("Группа", "Group")}</th><th class="num">${L("Этот месяц", "This month")}</th><th class="num">${L("Прошлый месяц", "Last month")}</th></tr></thead>
          <tbody>${s.value.map((x) => html`<tr><td>${x.name}${x.costCenter ? html` <span class="muted">(${x.costCenter})</span>` : nothing}</td><td class="num">${fmtMoney(x.now)}</td><td class="num">${fmtMoney(x.prev)}</td></tr>`)}</tbody></table></div>`
          : html`<p class="empty">${L("Нет данных", "No data")}</p>`)
      }`;
  }

  private docs() {
    const d = this.data.docs;
    return html`<h2 id="h-docs">${L("Последние документы", "Latest documents")}</h2>
      ${
        this.none(d) ??
        (d?.ok && d.value.length
          ? html`<ul>${d.value.map((x) => html`<li>${docKind(x.kind)} № ${x.number} ${L("от", "of")} ${fmtDate(x.date)} — ${fmtMoney(x.total_amount)}</li>`)}</ul>
            <a href="/documents">${L("Все документы", "All documents")}</a>`
          : html`<p class="empty">${L("Нет данных", "No data")}</p>`)
      }`;
  }

  private orders() {
    const o = this.data.orders;
    const r = this.data.requests;
    return html`<h2 id="h-orders">${L("Открытые заявки и обращения", "Open orders and requests")}</h2>
      ${
        this.none(o) ??
        (o?.ok && o.value.length
          ? html`<ul>${o.value.map((x) => html`<li><a href="/orders/${x.id}">${orderKind(x.kind)}</a> · ${x.account_number} · ${orderStatus(x.status)}</li>`)}</ul>`
          : html`<p class="empty">${L("Открытых заявок нет", "No open orders")}</p>`)
      }
      ${
        r?.ok && r.value.length
          ? html`<ul>${r.value.map((x) => html`<li><a href="/support/${x.id}">${x.subject}</a> · ${supportStatus(x.status)}</li>`)}</ul>`
          : r?.ok
            ? html`<p class="empty">${L("Открытых обращений нет", "No open requests")}</p>`
            : nothing
      }`;
  }
}

customElements.define("lk-dashboard", LkDashboard);
