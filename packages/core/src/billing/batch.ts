import { randomUUID } from "node:crypto";
import {
  accounts,
  advanceCharges,
  billingRuns,
  companies,
  type invoiceLines,
  invoices,
  type Queryable,
  type Tx,
} from "@lk/db";
import { and, eq, lt, ne, notExists, sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import type { Ctx } from "../context/index";
import { type LedgerLine, postLedger } from "../ledger/index";
import type { VatRate } from "../vat/index";
import { announceInvoices, type CreatedInvoice } from "./announce";
import { emailInvoices } from "./emails";
import { type AccountKey, accountOrder, afterAccount, keyOf } from "./keyset";
import { type CallSum, computeLines, type DraftLine, sumLines } from "./lines";
import { loadCallSums, loadIntervals, uuidArray } from "./load";
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

/** An account of a batch, priced: its lines and the advance charge already taken for the period. */
interface PricedAccount {
  id: string;
  companyId: string;
  number: string;
  groupId: string | null;
  system: "advance" | "credit";
  lines: DraftLine[];
  advance: number;
}

/** A batch read and priced, not yet numbered or written. */
export interface PreparedBatch {
  accounts: PricedAccount[];
  last: AccountKey;
}

/**
 * Reads the next batch and prices it in memory; null when no account is left. Reads only, so the
 * run does it on its own connection while the previous batch is being written (run.ts): the
 * Node work of pricing overlaps the database's work of writing. Three statements whatever the
 * batch size: the accounts, their service intervals, their advance charges.
 */
export async function prepareBatch(db: Queryable, a: BatchArgs): Promise<PreparedBatch | null> {
  const { period } = a;
  const batch = await db
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
          db
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
  const intervalsOf = byAccount(await loadIntervals(db, companyIds, ids, period));
  const callsOf: Map<string, CallSum[]> =
    a.callSums ?? byAccount(a.withCalls ? await loadCallSums(db, companyIds, ids, period) : []);
  const advances = await db
    .select({ accountId: advanceCharges.accountId, amount: advanceCharges.amount })
    .from(advanceCharges)
    .where(
      and(sql`${advanceCharges.accountId} = ANY(${uuidArray(ids)})`, eq(advanceCharges.period, period.id)),
    );
  const advanceOf = new Map(advances.map((x) => [x.accountId, x.amount]));
  return {
    accounts: batch.map((acc) => ({
      ...acc,
      lines: computeLines(period, intervalsOf.get(acc.id) ?? [], callsOf.get(acc.id) ?? [], a.rates),
      advance: advanceOf.get(acc.id) ?? 0,
    })),
    last: keyOf(batch[batch.length - 1]!),
  };
}

/**
 * Numbers and writes a prepared batch in the caller's transaction. A fixed number of statements
 * whatever the batch size: lock the year's counter, drop accounts another run billed meanwhile,
 * then invoices, lines, ledger charges with balances, the number block, notices, e-mails,
 * webhooks and progress, one set-based statement each. See docs/adr/0033-set-based-billing-run.md.
 */
export async function writeBatch(
  tx: Tx,
  ctx: Ctx,
  a: { period: Period; runId: string },
  prepared: PreparedBatch,
  onAccount: (id: string) => Promise<void>,
): Promise<BatchResult> {
  const { period } = a;
  const now = ctx.now();
  // Lock the counter first: a concurrent run of the same period waits here, then sees our invoices.
  const last = await lockCounter(tx, "invoice", period.year);
  const ids = prepared.accounts.map((acc) => acc.id);
  const billed = new Set(
    (
      await tx
        .select({ accountId: invoices.accountId })
        .from(invoices)
        .where(and(sql`${invoices.accountId} = ANY(${uuidArray(ids)})`, eq(invoices.period, period.id)))
    ).map((r) => r.accountId),
  );

  // The block of numbers this batch takes: last+1 … last+n, gap-free because the counter row stays
  // locked until this transaction commits, and a rollback gives the whole block back.
  const due = `${shiftPeriod(period.id, 1)}-20`;
  const effectiveAt = new Date(period.to.getTime() - 1000); // a charge belongs to the period it bills
  let seq = last;
  const created: CreatedInvoice[] = [];
  const lineRows: (typeof invoiceLines.$inferInsert)[] = [];
  const ledger: LedgerLine[] = [];
  for (const acc of prepared.accounts) {
    if (billed.has(acc.id)) continue;
    const { lines, advance } = acc;
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
      processedAccounts: sql`${billingRuns.processedAccounts} + ${prepared.accounts.length}`,
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
    data: { period: period.id, accounts: prepared.accounts.length, invoices: created.length, amount },
  });
  return { last: prepared.last, processed: prepared.accounts.length, invoices: created.length, amount };
}

/** One batch read, priced and written in the caller's transaction (the demo seed); null when none is left. */
export async function billBatch(
  tx: Tx,
  ctx: Ctx,
  a: BatchArgs,
  onAccount: (id: string) => Promise<void>,
): Promise<BatchResult | null> {
  const prepared = await prepareBatch(tx, a);
  return prepared && writeBatch(tx, ctx, a, prepared, onAccount);
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
