import { randomUUID } from "node:crypto";
import {
  accounts,
  advanceCharges,
  type BillingRunStatus,
  billingRuns,
  companies,
  insertRecordset,
  type invoiceLines,
  invoices,
  rows,
  type Tx,
} from "@lk/db";
import { and, eq, gt, inArray, lt, ne, notExists, sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { recipientsOf } from "../documents/recipients-lookup";
import { notFound } from "../errors/index";
import { type LedgerLine, postLedger } from "../ledger/index";
import { enqueueMessage } from "../outbox/outbox";
import { loadVatRates, type VatRate } from "../vat/index";
import { announceInvoices } from "./announce";
import { computeLines, type DraftLine, sumLines } from "./lines";
import { hasCallsTable, loadCallSums, loadIntervals } from "./load";
import { noticeNegativeBalances } from "./notices";
import { advanceCounter, invoiceNumber, lockCounter } from "./numbering";
import { type Period, parsePeriod, periodNameRu, shiftPeriod } from "./period";

export interface BillingRunView {
  id: string;
  period: string;
  status: BillingRunStatus;
  totalAccounts: number;
  processedAccounts: number;
  invoicesCreated: number;
  amountTotal: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface BillingHooks {
  /** Called inside the batch transaction after each account is prepared (tests inject crashes here). */
  onAccount?: (accountId: string, indexInRun: number) => void | Promise<void>;
  /** Called after each committed batch, with the run's progress (the CLI draws its bar from it). */
  onProgress?: (run: BillingRunView) => void | Promise<void>;
}

const view = (r: typeof billingRuns.$inferSelect): BillingRunView => ({
  id: r.id,
  period: r.period,
  status: r.status,
  totalAccounts: r.totalAccounts,
  processedAccounts: r.processedAccounts,
  invoicesCreated: r.invoicesCreated,
  amountTotal: r.amountTotal,
  error: r.error,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
});

/** Registers a run of `period` (a resumption when an earlier one failed): operator only. */
export async function startBillingRun({ ctx, input }: { ctx: Ctx; input: { period: string } }) {
  const who = requireOperator(ctx);
  const period = parsePeriod(input.period);
  return ctx.db.transaction(async (tx) => {
    const [run] = await tx
      .insert(billingRuns)
      .values({ period: period.id, startedBy: who, startedAt: ctx.now(), updatedAt: ctx.now() })
      .returning();
    await audit(tx, ctx, {
      action: "billing.run_started",
      companyId: null,
      entityType: "billing_run",
      entityId: run!.id,
      data: { period: period.id },
    });
    return view(run!);
  });
}

export async function getBillingRun({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requireOperator(ctx);
  const [run] = await ctx.db.select().from(billingRuns).where(eq(billingRuns.id, input.id));
  if (!run) throw notFound({ ru: "Запуск биллинга", en: "Billing run" });
  return view(run);
}

/** Starts and executes a run to the end (CLI, scheduler). Safe to repeat: see executeBillingRun. */
export async function runBilling({
  ctx,
  input,
  hooks,
}: {
  ctx: Ctx;
  input: { period: string; batchSize?: number };
  hooks?: BillingHooks;
}) {
  const run = await startBillingRun({ ctx, input });
  return executeBillingRun({
    ctx,
    input: { runId: run.id, ...(input.batchSize ? { batchSize: input.batchSize } : {}) },
    ...(hooks ? { hooks } : {}),
  });
}

/**
 * Bills every account of the period that has no invoice for it yet, in batches. Each batch is one
 * transaction: invoices, lines, ledger charges, e-mails and progress commit together or not at
 * all, so a crash loses at most the batch in flight and a re-run resumes where it stopped
 * (unique (account_id, period) backs this up). See docs/adr/0032-billing-run-batches.md.
 */
export async function executeBillingRun({
  ctx,
  input,
  hooks = {},
}: {
  ctx: Ctx;
  input: { runId: string; batchSize?: number };
  hooks?: BillingHooks;
}): Promise<BillingRunView> {
  requireOperator(ctx);
  const [run] = await ctx.db.select().from(billingRuns).where(eq(billingRuns.id, input.runId));
  if (!run) throw notFound({ ru: "Запуск биллинга", en: "Billing run" });
  const period = parsePeriod(run.period);
  const batchSize = Math.max(1, Math.min(input.batchSize ?? 500, 5000));
  const rates = await loadVatRates(ctx.db);
  const withCalls = await hasCallsTable(ctx.db);
  const [counts] = await rows<{ total: number; done: number }>(
    ctx.db,
    sql`SELECT (SELECT count(*) FROM accounts WHERE status <> 'closed'
                  AND created_at < ${period.to.toISOString()}::timestamptz)::int AS total,
               (SELECT count(*) FROM invoices WHERE period = ${period.id})::int AS done`,
  );
  let state = {
    ...run,
    totalAccounts: Number(counts!.total),
    processedAccounts: Number(counts!.done),
    status: "running" as BillingRunStatus,
  };
  await ctx.db
    .update(billingRuns)
    .set({
      totalAccounts: state.totalAccounts,
      processedAccounts: state.processedAccounts,
      status: "running",
    })
    .where(eq(billingRuns.id, run.id));

  let lastId = "00000000-0000-0000-0000-000000000000";
  let index = 0;
  try {
    for (;;) {
      const batch = await ctx.db.transaction(async (tx) =>
        billBatch(tx, ctx, { period, rates, withCalls, lastId, batchSize, runId: run.id }, async (id) => {
          await hooks.onAccount?.(id, index++);
        }),
      );
      if (!batch) break;
      lastId = batch.lastId;
      state = {
        ...state,
        processedAccounts: state.processedAccounts + batch.processed,
        invoicesCreated: state.invoicesCreated + batch.invoices,
        amountTotal: state.amountTotal + batch.amount,
        updatedAt: ctx.now(),
      };
      await hooks.onProgress?.(view(state));
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await ctx.db
      .update(billingRuns)
      .set({ status: "failed", error: message.slice(0, 1000), updatedAt: ctx.now() })
      .where(eq(billingRuns.id, run.id));
    throw e;
  }
  const [done] = await ctx.db
    .update(billingRuns)
    .set({ status: "completed", finishedAt: ctx.now(), updatedAt: ctx.now() })
    .where(eq(billingRuns.id, run.id))
    .returning();
  const result = view(done!);
  await hooks.onProgress?.(result);
  return result;
}

export interface BatchArgs {
  period: Period;
  rates: VatRate[];
  withCalls: boolean;
  lastId: string;
  batchSize: number;
  runId: string;
  /** Bill one company only (the demo seed); default: every company. */
  companyId?: string;
}

/** One batch in the caller's transaction; null when no account is left. */
export async function billBatch(
  tx: Tx,
  ctx: Ctx,
  a: BatchArgs,
  onAccount: (id: string) => Promise<void>,
): Promise<{ lastId: string; processed: number; invoices: number; amount: number } | null> {
  const { period } = a;
  const now = ctx.now();
  // Lock the counter first: a concurrent run of the same period waits here, then sees our invoices.
  const last = await lockCounter(tx, "invoice", period.year);
  const batch = await tx
    .select({
      id: accounts.id,
      companyId: accounts.companyId,
      number: accounts.number,
      system: sql<"advance" | "credit">`coalesce(${accounts.billingSystem}, ${companies.billingSystem})`,
    })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .where(
      and(
        gt(accounts.id, a.lastId),
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
    .orderBy(accounts.id)
    .limit(a.batchSize);
  if (batch.length === 0) return null;
  const ids = batch.map((b) => b.id);
  const intervals = await loadIntervals(tx, ids, period);
  const companyIds = [...new Set(batch.map((b) => b.companyId))];
  const calls = a.withCalls ? await loadCallSums(tx, companyIds, ids, period) : [];
  const advances = await tx
    .select({ accountId: advanceCharges.accountId, amount: advanceCharges.amount })
    .from(advanceCharges)
    .where(and(inArray(advanceCharges.accountId, ids), eq(advanceCharges.period, period.id)));
  const advanceOf = new Map(advances.map((x) => [x.accountId, x.amount]));
  const group = <T extends { accountId: string }>(xs: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of xs) m.set(x.accountId, [...(m.get(x.accountId) ?? []), x]);
    return m;
  };
  const intervalsOf = group(intervals);
  const callsOf = group(calls);

  const due = `${shiftPeriod(period.id, 1)}-20`;
  let seq = last;
  const invoiceRows: (typeof invoices.$inferInsert)[] = [];
  const lineRows: (typeof invoiceLines.$inferInsert)[] = [];
  const ledger: LedgerLine[] = [];
  for (const acc of batch) {
    const lines: DraftLine[] = computeLines(
      period,
      intervalsOf.get(acc.id) ?? [],
      callsOf.get(acc.id) ?? [],
      a.rates,
    );
    const advance = advanceOf.get(acc.id) ?? 0;
    await onAccount(acc.id);
    if (lines.length === 0 && advance === 0) continue;
    const totals = sumLines(lines);
    const id = randomUUID();
    seq += 1;
    const charged = totals.total - advance;
    invoiceRows.push({
      id,
      companyId: acc.companyId,
      accountId: acc.id,
      period: period.id,
      kind: acc.system,
      year: period.year,
      seq,
      number: invoiceNumber(period.year, seq),
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
            ? `Услуги связи за ${periodNameRu(period.id)}, счёт № ${invoiceNumber(period.year, seq)}`
            : `Перерасчёт аванса за ${periodNameRu(period.id)}, счёт № ${invoiceNumber(period.year, seq)}`,
        refType: "invoice",
        refId: id,
        // The charge belongs to the period it bills, whenever the run happens.
        effectiveAt: new Date(period.to.getTime() - 1000),
      });
    }
  }
  if (invoiceRows.length > 0) {
    // One statement each, rows as a JSON recordset: building multi-row drizzle inserts of a whole
    // batch cost more CPU than everything else the batch does (see docs/billing-and-documents.md).
    await insertRecordset(tx, "invoices", INVOICE_COLUMNS, invoiceRows.map(invoiceRecord));
    await insertRecordset(tx, "invoice_lines", LINE_COLUMNS, lineRows.map(lineRecord));
    await postLedger(tx, ledger, { now });
    await advanceCounter(tx, "invoice", period.year, seq);
    await noticeNegativeBalances(
      tx,
      ledger.filter((l) => l.amount < 0).map((l) => l.accountId),
      now,
    );
    await emailInvoices(tx, invoiceRows, ctx, now);
    await announceInvoices(tx, ctx, invoiceRows, now);
  }
  const amount = invoiceRows.reduce((s, r) => s + r.totalAmount, 0);
  await tx
    .update(billingRuns)
    .set({
      processedAccounts: sql`${billingRuns.processedAccounts} + ${batch.length}`,
      invoicesCreated: sql`${billingRuns.invoicesCreated} + ${invoiceRows.length}`,
      amountTotal: sql`${billingRuns.amountTotal} + ${amount}`,
      updatedAt: now,
    })
    .where(eq(billingRuns.id, a.runId));
  await audit(tx, ctx, {
    action: "billing.batch",
    companyId: null,
    entityType: "billing_run",
    entityId: a.runId,
    data: { period: period.id, accounts: batch.length, invoices: invoiceRows.length, amount },
  });
  return {
    lastId: batch[batch.length - 1]!.id,
    processed: batch.length,
    invoices: invoiceRows.length,
    amount,
  };
}

const INVOICE_COLUMNS = {
  id: "uuid",
  company_id: "uuid",
  account_id: "uuid",
  period: "char(7)",
  kind: "text",
  year: "integer",
  seq: "integer",
  number: "text",
  issued_on: "date",
  due_on: "date",
  net_amount: "bigint",
  vat_amount: "bigint",
  total_amount: "bigint",
  charged_amount: "bigint",
  run_id: "uuid",
  created_at: "timestamptz",
};
const invoiceRecord = (r: typeof invoices.$inferInsert) => ({
  id: r.id,
  company_id: r.companyId,
  account_id: r.accountId,
  period: r.period,
  kind: r.kind,
  year: r.year,
  seq: r.seq,
  number: r.number,
  issued_on: r.issuedOn,
  due_on: r.dueOn,
  net_amount: r.netAmount,
  vat_amount: r.vatAmount,
  total_amount: r.totalAmount,
  charged_amount: r.chargedAmount,
  run_id: r.runId,
  created_at: r.createdAt,
});
const LINE_COLUMNS = {
  invoice_id: "uuid",
  line_no: "integer",
  kind: "text",
  description: "text",
  service_id: "uuid",
  destination_type: "text",
  quantity: "numeric(14, 4)",
  unit: "text",
  period_from: "date",
  period_to: "date",
  net_amount: "bigint",
  vat_rate_bp: "integer",
  vat_amount: "bigint",
  total_amount: "bigint",
};
const lineRecord = (l: typeof invoiceLines.$inferInsert) => ({
  invoice_id: l.invoiceId,
  line_no: l.lineNo,
  kind: l.kind,
  description: l.description,
  service_id: l.serviceId ?? null,
  destination_type: l.destinationType ?? null,
  quantity: l.quantity,
  unit: l.unit,
  period_from: l.periodFrom,
  period_to: l.periodTo,
  net_amount: l.netAmount,
  vat_rate_bp: l.vatRateBp,
  vat_amount: l.vatAmount,
  total_amount: l.totalAmount,
});

const rub = (k: number) => (k / 100).toFixed(2).replace(".", ",");

/** One outbox e-mail per new invoice (with its act and VAT invoice) per chosen recipient. */
async function emailInvoices(tx: Tx, created: (typeof invoices.$inferInsert)[], ctx: Ctx, now: Date) {
  const recipients = await recipientsOf(
    tx,
    created.map((i) => i.companyId),
  );
  if (recipients.size === 0) return;
  const base = ctx.config.publicUrl.replace(/\/$/, "");
  for (const inv of created) {
    for (const recipient of recipients.get(inv.companyId) ?? []) {
      await enqueueMessage(
        tx,
        {
          channel: "email",
          recipient,
          subject: `Счёт № ${inv.number} за ${periodNameRu(inv.period)} / Invoice ${inv.number}`,
          body:
            `Выставлен счёт № ${inv.number} на ${rub(inv.totalAmount)} руб. (в т.ч. НДС ${rub(inv.vatAmount)} руб.), оплатить до ${inv.dueOn}.\n` +
            `Счёт: ${base}/v1/invoices/${inv.id}/pdf\n` +
            `Акт: ${base}/v1/documents/act.${inv.id}/pdf\n` +
            `Счёт-фактура: ${base}/v1/documents/vat_invoice.${inv.id}/pdf\n\n` +
            `Invoice ${inv.number}: ${rub(inv.totalAmount)} RUB incl. VAT, due ${inv.dueOn}.`,
          kind: "document_issued",
          companyId: inv.companyId,
        },
        now,
      );
    }
  }
}
