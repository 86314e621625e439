import { accounts, advanceCharges, companies, type Tx } from "@lk/db";
import { and, eq, notExists, sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { type LedgerLine, postLedger } from "../ledger/index";
import { loadVatRates, type VatRate } from "../vat/index";
import { type AccountKey, accountOrder, afterAccount, BEFORE_FIRST_ACCOUNT, keyOf } from "./keyset";
import { computeLines, sumLines } from "./lines";
import { loadIntervals } from "./load";
import { noticeNegativeBalances } from "./notices";
import { type Period, parsePeriod, periodNameRu } from "./period";

/**
 * Start-of-month charge of advance accounts: the full monthly fees (with VAT) of the services
 * active on the 1st, once per account and month. The month's invoice, made after the month ends,
 * charges only the difference (docs/adr/0031-advance-and-credit.md). Accounts left below their
 * limit get a notice. Operator only; safe to repeat.
 */
export async function chargeAdvance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { period: string; batchSize?: number };
}) {
  requireOperator(ctx);
  const period = parsePeriod(input.period, ctx.config.timeZone);
  const rates = await loadVatRates(ctx.db);
  const batchSize = input.batchSize ?? 500;
  let after = BEFORE_FIRST_ACCOUNT;
  let charged = 0;
  let amount = 0;
  for (;;) {
    const r = await ctx.db.transaction((tx) => chargeBatch(tx, ctx, period, rates, after, batchSize));
    if (!r) break;
    after = r.last;
    charged += r.charged;
    amount += r.amount;
  }
  return { period: period.id, accountsCharged: charged, amount };
}

async function chargeBatch(
  tx: Tx,
  ctx: Ctx,
  period: Period,
  rates: VatRate[],
  after: AccountKey,
  size: number,
) {
  const now = ctx.now();
  const batch = await tx
    .select({ id: accounts.id, companyId: accounts.companyId })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .where(
      and(
        afterAccount(after),
        eq(accounts.status, "active"),
        sql`coalesce(${accounts.billingSystem}, ${companies.billingSystem}) = 'advance'`,
        notExists(
          tx
            .select({ one: sql`1` })
            .from(advanceCharges)
            .where(and(eq(advanceCharges.accountId, accounts.id), eq(advanceCharges.period, period.id))),
        ),
      ),
    )
    .orderBy(...accountOrder)
    .limit(size)
    .for("update", { of: accounts });
  if (batch.length === 0) return null;
  const intervals = await loadIntervals(
    tx,
    batch.map((b) => b.companyId),
    batch.map((b) => b.id),
    period,
  );
  // What is running on the 1st is charged for the whole month; later changes settle on the invoice.
  const running = intervals
    .filter((i) => i.start <= period.from && (i.end === null || i.end > period.from))
    .map((i) => ({ ...i, end: null }));
  const rows: (typeof advanceCharges.$inferInsert)[] = [];
  const ledger: LedgerLine[] = [];
  for (const acc of batch) {
    const total = sumLines(
      computeLines(
        period,
        running.filter((i) => i.accountId === acc.id),
        [],
        rates,
      ),
    ).total;
    if (total === 0) continue;
    rows.push({
      accountId: acc.id,
      companyId: acc.companyId,
      period: period.id,
      amount: total,
      createdAt: now,
    });
    ledger.push({
      accountId: acc.id,
      kind: "charge",
      amount: -total,
      description: `Абонентская плата за ${periodNameRu(period.id)} (аванс)`,
      refType: "advance",
      refId: period.id,
      effectiveAt: period.from,
    });
  }
  if (rows.length > 0) {
    await tx.insert(advanceCharges).values(rows);
    await postLedger(tx, ledger, { now });
    await noticeNegativeBalances(
      tx,
      rows.map((r) => r.accountId),
      now,
    );
  }
  const amount = rows.reduce((s, r) => s + r.amount, 0);
  await audit(tx, ctx, {
    action: "billing.advance_charged",
    companyId: null,
    data: { period: period.id, accounts: rows.length, amount },
  });
  return { last: keyOf(batch[batch.length - 1]!), charged: rows.length, amount };
}
