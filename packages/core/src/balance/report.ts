import { accounts, type LedgerKind, ledgerEntries, rows } from "@lk/db";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { parsePeriod } from "../billing/period";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { invalidField } from "../errors/index";
import { accountFilter } from "../invoices/scope";
import { localIso, localMidnight } from "../time/index";

export interface BalanceInput {
  period?: string | undefined;
  /** Inclusive days YYYY-MM-DD (instead of period). */
  from?: string | undefined;
  to?: string | undefined;
  account_id?: string | undefined;
  group_id?: string | undefined;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** Local midnight (operator's zone) starting civil day `d`, `plus` days later. */
const dayStart = (d: string, field: string, tz: string, plus = 0) => {
  const t = DAY_RE.test(d) ? Date.parse(`${d}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(t))
    throw invalidField(field, "invalid_date", { ru: "Дата в формате ГГГГ-ММ-ДД", en: "Date as YYYY-MM-DD" });
  return localMidnight(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10)) + plus, tz);
};

/** [from, to) of the report: a period, or inclusive from/to days, in the operator's time zone. */
export function reportRange(
  input: {
    period?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
  tz: string,
) {
  if (input.period) {
    const p = parsePeriod(input.period, tz, "query.period");
    return { from: p.from, to: p.to };
  }
  if (!input.from || !input.to) {
    throw invalidField(input.from ? "query.to" : "query.from", "required", {
      ru: "Укажите period или from и to",
      en: "Give period, or from and to",
    });
  }
  const from = dayStart(input.from, "query.from", tz);
  const to = dayStart(input.to, "query.to", tz, 1);
  if (to <= from)
    throw invalidField("query.to", "invalid_range", { ru: "to раньше from", en: "to is before from" });
  if (to.getTime() - from.getTime() > 10 * 366 * 86_400_000)
    throw invalidField("query.from", "range_too_long", { ru: "Не больше 10 лет", en: "At most 10 years" });
  return { from, to };
}

/**
 * A balance that explains itself: opening balance, what was charged, paid and otherwise moved,
 * and the closing balance, for one account, a group (with subgroups) or the whole visible company.
 * closing = opening − charges + payments + other, and by_kind sums to closing − opening.
 */
export async function balanceReport({ ctx, input }: { ctx: Ctx; input: BalanceInput }) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const { from, to } = reportRange(input, ctx.config.timeZone);
  const filter = await accountFilter(ctx.db, scope, { accountId: input.account_id, groupId: input.group_id });
  const base = and(eq(ledgerEntries.companyId, scope.companyId), filter);
  // The opening balance is what the accounts hold now less what moved since `from`: the cached
  // balance equals the sum of the account's entries (the ledger's invariant), so this reads the
  // entries since the period began, not the whole history before it (which grew with every month
  // and made the overview's company balance the slowest answer, ADR 0097). One statement: one
  // snapshot for both sums.
  const held = ctx.db
    .select({ s: sql`coalesce(sum(${accounts.balance}), 0)` })
    .from(accounts)
    .where(filter);
  const since = ctx.db
    .select({ s: sql`coalesce(sum(${ledgerEntries.amount}), 0)` })
    .from(ledgerEntries)
    .innerJoin(accounts, eq(accounts.id, ledgerEntries.accountId))
    .where(and(base, gte(ledgerEntries.effectiveAt, from)));
  const [opening] = await rows<{ sum: string | number }>(
    ctx.db,
    sql`SELECT ((${held}) - (${since}))::bigint AS sum`,
  );
  const kinds = await ctx.db
    .select({
      kind: ledgerEntries.kind,
      sum: sql<string>`sum(${ledgerEntries.amount})::bigint`,
      count: sql<string>`count(*)::int`,
    })
    .from(ledgerEntries)
    .innerJoin(accounts, eq(accounts.id, ledgerEntries.accountId))
    .where(and(base, gte(ledgerEntries.effectiveAt, from), lt(ledgerEntries.effectiveAt, to)))
    .groupBy(ledgerEntries.kind)
    .orderBy(ledgerEntries.kind);
  const byKind = kinds.map((k) => ({
    kind: k.kind as LedgerKind,
    amount: Number(k.sum),
    entries: Number(k.count),
  }));
  const sumOf = (k: LedgerKind) => byKind.find((x) => x.kind === k)?.amount ?? 0;
  const openingBalance = Number(opening?.sum ?? 0);
  const moved = byKind.reduce((s, k) => s + k.amount, 0);
  const charges = -sumOf("charge");
  const payments = sumOf("payment");
  return {
    // Days, both inclusive, as the query takes them: period 2026-10 → 2026-10-01 … 2026-10-31.
    from: localIso(from, ctx.config.timeZone).slice(0, 10),
    to: localIso(new Date(to.getTime() - 1), ctx.config.timeZone).slice(0, 10),
    account_id: input.account_id ?? null,
    group_id: input.group_id ?? null,
    opening_balance: openingBalance,
    charges,
    payments,
    other: moved + charges - payments,
    closing_balance: openingBalance + moved,
    currency: "RUB" as const,
    by_kind: byKind,
  };
}
