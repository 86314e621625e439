import { accounts, ledgerEntries, rows } from "@lk/db";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { visibleAccountsCondition } from "../accounts/visibility";
import { parsePeriod, periodOf, shiftPeriod } from "../billing/period";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { invalidField } from "../errors/index";
import { type GroupRow, groupVisible, loadGroups, pathOf } from "../groups/tree";
import { localSql } from "../time/index";

export interface ChargesByGroupInput {
  /** The last month of the report, `YYYY-MM` in the operator's zone; default the current one. */
  period?: string | undefined;
  /** How many months up to `period`, 1–12; default 2 (this month and the last). */
  months?: number | undefined;
}

/**
 * What each top-level group (with its subgroups) was charged per month, for the overview's
 * spending chart (ADR 0097). One aggregate over the range's charge entries, grouped by the
 * account's group and the local month, rolled up to the top groups in memory (one company's
 * tree is small) — instead of a balance report per group and month, each of which summed the
 * group's whole ledger for an opening balance the chart never showed.
 *
 * "Top-level" is what the caller sees: for a user limited to some groups, a visible group whose
 * parent is hidden is a top. Charges of accounts with no group come as one row with
 * `group_id: null`, only when there are any.
 */
export async function chargesByGroup({ ctx, input }: { ctx: Ctx; input: ChargesByGroupInput }) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const tz = ctx.config.timeZone;
  const months = input.months ?? 2;
  if (!Number.isInteger(months) || months < 1 || months > 12)
    throw invalidField("query.months", "invalid_months", {
      ru: "Число месяцев — от 1 до 12",
      en: "Months is a whole number from 1 to 12",
    });
  const last = parsePeriod(input.period ?? periodOf(ctx.now(), tz), tz, "query.period");
  const periods = Array.from({ length: months }, (_, i) => shiftPeriod(last.id, i - months + 1));
  const first = parsePeriod(periods[0]!, tz, "query.period");

  const [groups, sums] = await Promise.all([
    loadGroups(ctx.db, scope.companyId),
    rows<{ group_id: string | null; period: string; charges: string }>(
      ctx.db,
      sql`SELECT ${accounts.groupId} AS group_id,
            to_char(${localSql(sql`${ledgerEntries.effectiveAt}`, tz)}, 'YYYY-MM') AS period,
            (-sum(${ledgerEntries.amount}))::bigint AS charges
          FROM ${ledgerEntries} JOIN ${accounts} ON ${accounts.id} = ${ledgerEntries.accountId}
          WHERE ${and(
            eq(ledgerEntries.companyId, scope.companyId),
            visibleAccountsCondition(scope),
            eq(ledgerEntries.kind, "charge"),
            gte(ledgerEntries.effectiveAt, first.from),
            lt(ledgerEntries.effectiveAt, last.to),
          )}
          GROUP BY 1, 2`,
    ),
  ]);

  const visible = groups.filter((g) => groupVisible(scope, g.id));
  const byId = new Map(visible.map((g) => [g.id, g]));
  /** The visible top a group rolls up to: climb while the parent is visible too. */
  const topOf = (g: GroupRow): GroupRow => {
    let t = g;
    for (let n = 0; n < 50 && t.parentId && byId.has(t.parentId); n++) t = byId.get(t.parentId)!;
    return t;
  };
  const tops = visible.filter((g) => topOf(g) === g);
  tops.sort((a, b) => pathOf(groups, a.id).join("/").localeCompare(pathOf(groups, b.id).join("/"), "ru"));

  const index = new Map(periods.map((p, i) => [p, i]));
  const zero = () => periods.map(() => 0);
  const totals = new Map<string | null, number[]>(tops.map((g) => [g.id, zero()]));
  for (const r of sums) {
    const i = index.get(r.period);
    if (i === undefined) continue;
    const g = r.group_id ? byId.get(r.group_id) : undefined;
    // An account in a group this caller cannot see never reaches here (the WHERE); a null group
    // is the company's ungrouped accounts.
    const key = g ? topOf(g).id : null;
    const t = totals.get(key) ?? zero();
    t[i]! += Number(r.charges);
    totals.set(key, t);
  }
  const row = (g: GroupRow | null) => {
    const amounts = totals.get(g?.id ?? null) ?? zero();
    return {
      group_id: g?.id ?? null,
      name: g?.name ?? null,
      cost_center: g?.costCenter ?? null,
      charges: periods.map((period, i) => ({ period, amount: amounts[i]! })),
    };
  };
  return {
    periods,
    from: first.firstDay,
    to: last.lastDay,
    currency: "RUB" as const,
    data: [...tops.map(row), ...(totals.has(null) ? [row(null)] : [])],
  };
}
