import { html, nothing } from "lit";
import { errorText, get, list } from "../../api/client";
import type {
  Account,
  BalanceReport,
  Group,
  Invoice,
  LkDocument,
  Notification,
  Order,
  SupportRequest,
} from "../../api/types";
import { fmtDate, fmtMoney, fmtPeriod, monthOf } from "../../core/format";
import { L } from "../../core/i18n";
import { canWrite } from "../../core/session";
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
  alerts?: Block<Notification[]>;
  spend?: Block<Spend[]>;
  docs?: Block<LkDocument[]>;
  orders?: Block<Order[]>;
  requests?: Block<SupportRequest[]>;
}

interface Spend {
  group: Group;
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
    const prevPeriod = monthOf(new Date(), -1);
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
    const rows = <T>(p: Promise<{ data: T[] }>) => p.then((r) => r.data);
    await Promise.all([
      put("balance", get<BalanceReport>("/v1/balance", { period }, signal)),
      put(
        "unpaid",
        Promise.all([
          rows(list<Invoice>("/v1/invoices", { status: "overdue", limit: 100 }, signal)),
          rows(list<Invoice>("/v1/invoices", { status: "issued", limit: 100 }, signal)),
        ]).then(([a, b]) => [...a, ...b]),
      ),
      put(
        "negative",
        rows(list<Account>("/v1/accounts", { balance_below: 0, sort: "balance", limit: 10 }, signal)),
      ),
      put("suspended", rows(list<Account>("/v1/accounts", { status: "suspended", limit: 10 }, signal))),
      put("alerts", rows(list<Notification>("/v1/notifications", { unread: true, limit: 5 }, signal))),
      put("spend", this.spending(period, prevPeriod, signal)),
      put("docs", rows(list<LkDocument>("/v1/documents", { limit: 5 }, signal))),
      put(
        "orders",
        Promise.all([
          rows(list<Order>("/v1/orders", { status: "new", limit: 5 }, signal)),
          rows(list<Order>("/v1/orders", { status: "in_progress", limit: 5 }, signal)),
        ]).then(([a, b]) => [...a, ...b]),
      ),
      put(
        "requests",
        rows(list<SupportRequest>("/v1/support/requests", { status: "open", limit: 5 }, signal)),
      ),
    ]);
  }

  /** Charges per top-level group, this month and last (the balance report per group). */
  private async spending(period: string, prev: string, signal: AbortSignal): Promise<Spend[]> {
    const groups = (await get<{ data: Group[] }>("/v1/groups", {}, signal)).data;
    const top = groups.filter((g) => !g.parent_id || !groups.some((p) => p.id === g.parent_id)).slice(0, 8);
    return Promise.all(
      top.map(async (group) => {
        const [a, b] = await Promise.all([
          get<BalanceReport>("/v1/balance", { period, group_id: group.id }, signal),
          get<BalanceReport>("/v1/balance", { period: prev, group_id: group.id }, signal),
        ]);
        return { group, now: Math.abs(a.charges), prev: Math.abs(b.charges) };
      }),
    );
  }

  protected override render() {
    const d = this.data;
    return html`
      ${pageHeader(L("Обзор", "Overview"), canWrite() ? html`<a class="button" href="/pay">${L("Оплатить счета", "Pay accounts")}</a>` : nothing)}
      ${this.loading && !d.balance ? loadState(true, "", false) : nothing}
      ${this.loadError ? loadState(false, this.loadError, false) : nothing}
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
            ? html`<p class="empty">${L("Все счета в порядке", "All accounts are fine")}</p>`
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
          ? html`<h3>${L("Уведомления", "Notifications")}</h3><ul>${alerts.value.map((x) => html`<li><strong>${x.title}</strong> — ${x.body}</li>`)}</ul>`
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
              s.value.map((x) => ({ label: x.group.name, value: x.now, prev: x.prev })),
              fmtMoney,
              L("Расходы по группам", "Spending by group"),
            )}
          <div class="table-wrap" tabindex="0" role="region" aria-label=${L("Расходы по группам, таблица", "Spending by group, table")}>
          <table><thead><tr><th>${L("Группа", "Group")}</th><th class="num">${L("Этот месяц", "This month")}</th><th class="num">${L("Прошлый месяц", "Last month")}</th></tr></thead>
          <tbody>${s.value.map((x) => html`<tr><td>${x.group.name}${x.group.cost_center ? html` <span class="muted">(${x.group.cost_center})</span>` : nothing}</td><td class="num">${fmtMoney(x.now)}</td><td class="num">${fmtMoney(x.prev)}</td></tr>`)}</tbody></table></div>`
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
