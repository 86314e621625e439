import { randomUUID } from "node:crypto";
import {
  accounts,
  advanceCharges,
  billingRuns,
  companies,
  type invoiceLines,
  invoices,
  type Tx,
} from "@lk/db";
import { and, eq, inArray, lt, ne, notExists, sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import type { Ctx } from "../context/index";
import { type LedgerLine, postLedger } from "../ledger/index";
import type { VatRate } from "../vat/index";
import { announceInvoices, type CreatedInvoice } from "./announce";
import { emailInvoices } from "./emails";
import { type AccountKey, accountOrder, afterAccount, keyOf } from "./keyset";
import { type CallSum, computeLines, sumLines } from "./lines";
import { loadCallSums, loadIntervals } from "./load";
import { noticeNegativeBalances } from "./notices";
import { advanceCounter, invoiceNumber, lockCounter } from "./numbering";
import { type Period, periodNameRu, shiftPeriod } from "./period";
import { insertInvoices, insertLines } from "./write";

export interface BatchArgs {
  period: Period;
  rates: VatRate[];
  withCalls: boolean;
  /** The period's call sums by account, read once for the run; without it each batch reads its own. */
  callSums?: Map<string, CallSum[]>;
  /** The last account of the previous batch (BEFORE_FIRST_ACCOUNT to start). */
  after: AccountKey;
  batchSize: number;
  runId: string;
  /** Bill one company only (the demo seed); default: every company. */
  companyId?: string;
}

export interface BatchResult {
  last: AccountKey;
  processed: number;
  invoices: number;
  amount: number;
}

/**
 * One batch in the caller's transaction; null when no account is left. A fixed number of
 * statements whatever the batch size: read the accounts, their service intervals and advances;
 * price them in memory (computeLines, shared with the advance charge); then write invoices, lines,
 * ledger charges with balances, the number block, notices, e-mails, webhooks and progress with
 * one set-based statement each. See docs/adr/0033-set-based-billing-run.md.
 */
export async function billBatch(
  tx: Tx,
  ctx: Ctx,
  a: BatchArgs,
  onAccount: (id: string) => Promise<void>,
): Promise<BatchResult | null> {
  const { period } = a;
  const now = ctx.now();
  // Lock the counter first: a concurrent run of the same period waits here, then sees our invoices.
  const last = await lockCounter(tx, "invoice", period.year);
  const batch = await tx
    .select({
      id: accounts.id,
      companyId: accounts.companyId,
      number: accounts.number,
      groupId: accounts.groupId,
      system: sql<"advance" | "credit">`coalesce(${accounts.billingSystem}, ${companies.billingSystem})`,
    })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .where(
      and(
        afterAccount(a.after),
        ...(a.companyId ? [eq(accounts.companyId, a.companyId)] : []),
        ne(accounts.status, "closed"),
        lt(accounts.createdAt, period.to),
        notExists(
          tx
            .select({ one: sql`1` })
            .from(invoices)
            .where(and(eq(invoices.accountId, accounts.id), eq(invoices.period, period.id))),
        ),
      ),
    )
    .orderBy(...accountOrder)
    .limit(a.batchSize);
  if (batch.length === 0) return null;
  const ids = batch.map((b) => b.id);
  const companyIds = [...new Set(batch.map((b) => b.companyId))];
  const intervalsOf = byAccount(await loadIntervals(tx, companyIds, ids, period));
  const callsOf: Map<string, CallSum[]> =
    a.callSums ?? byAccount(a.withCalls ? await loadCallSums(tx, companyIds, ids, period) : []);
  const advances = await tx
    .select({ accountId: advanceCharges.accountId, amount: advanceCharges.amount })
    .from(advanceCharges)
    .where(and(inArray(advanceCharges.accountId, ids), eq(advanceCharges.period, period.id)));
  const advanceOf = new Map(advances.map((x) => [x.accountId, x.amount]));

  // The block of numbers this batch takes: last+1 … last+n, gap-free because the counter row stays
  // locked until this transaction commits, and a rollback gives the whole block back.
  const due = `${shiftPeriod(period.id, 1)}-20`;
  const effectiveAt = new Date(period.to.getTime() - 1000); // a charge belongs to the period it bills
  let seq = last;
  const created: CreatedInvoice[] = [];
  const lineRows: (typeof invoiceLines.$inferInsert)[] = [];
  const ledger: LedgerLine[] = [];
  for (const acc of batch) {
    const lines = computeLines(period, intervalsOf.get(acc.id) ?? [], callsOf.get(acc.id) ?? [], a.rates);
    const advance = advanceOf.get(acc.id) ?? 0;
    await onAccount(acc.id);
    if (lines.length === 0 && advance === 0) continue;
    const totals = sumLines(lines);
    const id = randomUUID();
    seq += 1;
    const number = invoiceNumber(period.year, seq);
    const charged = totals.total - advance;
    created.push({
      id,
      companyId: acc.companyId,
      accountId: acc.id,
      accountNumber: acc.number,
      groupId: acc.groupId,
      period: period.id,
      kind: acc.system,
      year: period.year,
      seq,
      number,
      issuedOn: period.lastDay,
      dueOn: due,
      netAmount: totals.net,
      vatAmount: totals.vat,
      totalAmount: totals.total,
      chargedAmount: charged,
      runId: a.runId,
      createdAt: now,
    });
    lines.forEach((l, i) => {
      lineRows.push({ invoiceId: id, lineNo: i + 1, ...l });
    });
    if (charged !== 0) {
      ledger.push({
        accountId: acc.id,
        kind: charged > 0 ? "charge" : "adjustment",
        amount: -charged,
        description:
          charged > 0
            ? `Услуги связи за ${periodNameRu(period.id)}, счёт № ${number}`
            : `Перерасчёт аванса за ${periodNameRu(period.id)}, счёт № ${number}`,
        refType: "invoice",
        refId: id,
        effectiveAt,
      });
    }
  }
  if (created.length > 0) {
    await insertInvoices(tx, created);
    await insertLines(tx, lineRows);
    await postLedger(tx, ledger, { now });
    await advanceCounter(tx, "invoice", period.year, seq);
    await noticeNegativeBalances(
      tx,
      ledger.filter((l) => l.amount < 0).map((l) => l.accountId),
      now,
    );
    const invoiceIds = created.map((r) => r.id);
    await emailInvoices(tx, ctx, invoiceIds, period.id, now);
    await announceInvoices(tx, ctx, created, now);
  }
  const amount = created.reduce((s, r) => s + r.totalAmount, 0);
  await tx
    .update(billingRuns)
    .set({
      processedAccounts: sql`${billingRuns.processedAccounts} + ${batch.length}`,
      invoicesCreated: sql`${billingRuns.invoicesCreated} + ${created.length}`,
      amountTotal: sql`${billingRuns.amountTotal} + ${amount}`,
      updatedAt: now,
    })
    .where(eq(billingRuns.id, a.runId));
  await audit(tx, ctx, {
    action: "billing.batch",
    companyId: null,
    entityType: "billing_run",
    entityId: a.runId,
    data: { period: period.id, accounts: batch.length, invoices: created.length, amount },
  });
  return { last: keyOf(batch[batch.length - 1]!), processed: batch.length, invoices: created.length, amount };
}

function byAccount<T extends { accountId: string }>(xs: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const list = m.get(x.accountId);
    if (list) list.push(x);
    else m.set(x.accountId, [x]);
  }
  return m;
}
