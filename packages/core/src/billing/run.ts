import { type BillingRunStatus, billingRuns, rows } from "@lk/db";
import { and, desc, eq, lt, ne, or, sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { AppError, notFound } from "../errors/index";
import { loadVatRates } from "../vat/index";
import { prepareBatch, writeBatch } from "./batch";
import { BEFORE_FIRST_ACCOUNT } from "./keyset";
import { hasCallsTable, loadPeriodCallSums } from "./load";
import { parsePeriod } from "./period";

/** As stored, or `stale`: `running` with a heartbeat older than billing.staleAfterMs (its process died). */
export type BillingRunState = BillingRunStatus | "stale";

export interface BillingRunView {
  id: string;
  period: string;
  status: BillingRunState;
  totalAccounts: number;
  processedAccounts: number;
  invoicesCreated: number;
  amountTotal: number;
  error: string | null;
  startedAt: Date;
  /** The run's last sign of life: its start and every committed batch. */
  heartbeatAt: Date;
  finishedAt: Date | null;
}

export interface BillingHooks {
  /** Called inside the batch transaction after each account is prepared (tests inject crashes here). */
  onAccount?: (accountId: string, indexInRun: number) => void | Promise<void>;
  /** Called after each committed batch, with the run's progress (the CLI draws its bar from it). */
  onProgress?: (run: BillingRunView) => void | Promise<void>;
}

/** A heartbeat older than this at `now` is a dead run's. */
const staleBefore = (ctx: Ctx) => new Date(ctx.now().getTime() - ctx.config.billing.staleAfterMs);

// `updated_at` is the heartbeat: only the run's own process writes a running row (at its start and
// in each batch's transaction), so its age is how long the run has shown no progress.
const view = (r: typeof billingRuns.$inferSelect, ctx?: Ctx): BillingRunView => ({
  id: r.id,
  period: r.period,
  status: r.status === "running" && ctx && r.updatedAt < staleBefore(ctx) ? "stale" : r.status,
  totalAccounts: r.totalAccounts,
  processedAccounts: r.processedAccounts,
  invoicesCreated: r.invoicesCreated,
  amountTotal: r.amountTotal,
  error: r.error,
  startedAt: r.startedAt,
  heartbeatAt: r.updatedAt,
  finishedAt: r.finishedAt,
});

/**
 * While a run is alive its heartbeat (`updated_at`) is renewed on a timer, not only per batch: a
 * long read of the period or a slow batch must not make a live run look stale and be taken over.
 * A renewal that finds the row no longer `running` means another run took it over: `lost()` then
 * stops this one before its next batch. Every `staleAfterMs / 5` by default (1 minute at the most).
 */
function startHeartbeat(ctx: Ctx, runId: string, everyMs?: number) {
  const ms = everyMs ?? Math.min(60_000, Math.max(200, ctx.config.billing.staleAfterMs / 5));
  let lost = false;
  let beat: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    beat = beat
      .then(() =>
        ctx.db
          .update(billingRuns)
          .set({ updatedAt: ctx.now() })
          .where(and(eq(billingRuns.id, runId), eq(billingRuns.status, "running")))
          .returning({ id: billingRuns.id }),
      )
      .then((r) => {
        if (r.length === 0) lost = true;
      })
      // A missed beat is retried by the next; the batches renew it too.
      .catch(() => {});
  }, ms);
  timer.unref?.();
  return {
    lost: () => lost,
    stop: async () => {
      clearInterval(timer);
      await beat;
    },
  };
}

/** Registers a run of `period` (a resumption when an earlier one failed): operator only. */
export async function startBillingRun({ ctx, input }: { ctx: Ctx; input: { period: string } }) {
  const who = requireOperator(ctx);
  const period = parsePeriod(input.period, ctx.config.timeZone);
  return ctx.db.transaction(async (tx) => {
    const [run] = await tx
      .insert(billingRuns)
      .values({ period: period.id, startedBy: who, startedAt: ctx.now(), updatedAt: ctx.now() })
      .returning();
    // A dead run of the same period is taken over by this one: it reads as failed, not running
    // forever. Accounts it billed are skipped by this run; the rest are billed by it.
    const dead = await tx
      .update(billingRuns)
      .set({ status: "failed", error: `taken over by run ${run!.id}`, updatedAt: ctx.now() })
      .where(
        and(
          eq(billingRuns.period, period.id),
          eq(billingRuns.status, "running"),
          lt(billingRuns.updatedAt, staleBefore(ctx)),
          ne(billingRuns.id, run!.id),
        ),
      )
      .returning({ id: billingRuns.id });
    await audit(tx, ctx, {
      action: "billing.run_started",
      companyId: null,
      entityType: "billing_run",
      entityId: run!.id,
      data: { period: period.id, ...(dead.length ? { took_over: dead.map((d) => d.id) } : {}) },
    });
    return view(run!, ctx);
  });
}

export async function getBillingRun({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requireOperator(ctx);
  const [run] = await ctx.db.select().from(billingRuns).where(eq(billingRuns.id, input.id));
  if (!run) throw notFound({ ru: "Запуск биллинга", en: "Billing run" });
  return view(run, ctx);
}

/** The latest runs, newest first (`lk billing runs`, GET /v1/operator/billing/runs). */
export async function listBillingRuns({ ctx, input }: { ctx: Ctx; input: { limit?: number } }) {
  requireOperator(ctx);
  const list = await ctx.db
    .select()
    .from(billingRuns)
    .orderBy(desc(billingRuns.startedAt), desc(billingRuns.id))
    .limit(Math.max(1, Math.min(input.limit ?? 20, 200)));
  return list.map((r) => view(r, ctx));
}

/**
 * Claims a dead run (stale, or failed) for resumption by this process: one UPDATE, so of two
 * operators resuming at once one gets it and the other a 409. A live or completed run is refused.
 * The caller then executes it (executeBillingRun), which skips the accounts already invoiced.
 */
export async function claimBillingRun({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requireOperator(ctx);
  const claimed = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(billingRuns)
      .set({ status: "running", error: null, updatedAt: ctx.now() })
      .where(
        and(
          eq(billingRuns.id, input.id),
          or(
            eq(billingRuns.status, "failed"),
            and(eq(billingRuns.status, "running"), lt(billingRuns.updatedAt, staleBefore(ctx))),
          ),
        ),
      )
      .returning();
    if (row)
      await audit(tx, ctx, {
        action: "billing.run_resumed",
        companyId: null,
        entityType: "billing_run",
        entityId: row.id,
        data: { period: row.period, processed_accounts: row.processedAccounts },
      });
    return row;
  });
  if (claimed) return view(claimed, ctx);
  const current = await getBillingRun({ ctx, input });
  throw new AppError(409, "billing_run_not_resumable", {
    ru:
      current.status === "completed"
        ? "Запуск биллинга уже завершён"
        : "Запуск биллинга ещё идёт: его процесс жив (возобновить можно упавший или зависший запуск)",
    en:
      current.status === "completed"
        ? "The billing run has already completed"
        : "The billing run is still running: its process is alive (only a failed or stale run can be resumed)",
  });
}

/** Resumes a dead run to its end, from its last committed batch (CLI `lk billing resume`). */
export async function resumeBillingRun({
  ctx,
  input,
  hooks,
}: {
  ctx: Ctx;
  input: { id: string; batchSize?: number };
  hooks?: BillingHooks;
}) {
  const run = await claimBillingRun({ ctx, input: { id: input.id } });
  return executeBillingRun({
    ctx,
    input: { runId: run.id, ...(input.batchSize ? { batchSize: input.batchSize } : {}) },
    ...(hooks ? { hooks } : {}),
  });
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
 * Accounts per batch transaction. Each batch costs a fixed ~15 statements, so bigger batches cost
 * fewer round trips and commits; 2 000 keeps a batch's locks and rollback to about a second.
 */
const DEFAULT_BATCH = 2000;

/**
 * Bills every account of the period that has no invoice for it yet, in batches. Each batch is one
 * transaction: invoices, lines, ledger charges, e-mails and progress commit together or not at
 * all, so a crash loses at most the batch in flight and a re-run resumes where it stopped
 * (unique (account_id, period) backs this up). See docs/adr/0032-billing-run-batches.md and
 * docs/adr/0033-set-based-billing-run.md.
 */
export async function executeBillingRun({
  ctx,
  input,
  hooks = {},
}: {
  ctx: Ctx;
  input: { runId: string; batchSize?: number; heartbeatMs?: number };
  hooks?: BillingHooks;
}): Promise<BillingRunView> {
  requireOperator(ctx);
  const [run] = await ctx.db.select().from(billingRuns).where(eq(billingRuns.id, input.runId));
  if (!run) throw notFound({ ru: "Запуск биллинга", en: "Billing run" });
  const period = parsePeriod(run.period, ctx.config.timeZone);
  const batchSize = Math.max(1, Math.min(input.batchSize ?? DEFAULT_BATCH, 10_000));
  const rates = await loadVatRates(ctx.db);
  const withCalls = await hasCallsTable(ctx.db);
  // Read once for the whole run: one parallel scan of the period instead of an index walk per batch.
  const callSums = withCalls ? await loadPeriodCallSums(ctx.db, period) : undefined;
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
      // The first heartbeat after the run's reads of the period (which may take a while).
      updatedAt: ctx.now(),
    })
    .where(eq(billingRuns.id, run.id));

  const args = { period, rates, withCalls, ...(callSums ? { callSums } : {}), batchSize, runId: run.id };
  let index = 0;
  const heartbeat = startHeartbeat(ctx, run.id, input.heartbeatMs);
  // Pipelined: while one batch is written in its transaction, the next is read and priced on
  // another connection (ADR 0067). The write re-checks under the counter lock, so an account a
  // concurrent run billed in between is skipped, not billed twice.
  let next: ReturnType<typeof prepareBatch> = Promise.resolve(null);
  try {
    next = prepareBatch(ctx.db, { ...args, after: BEFORE_FIRST_ACCOUNT });
    for (;;) {
      const prepared = await next;
      if (!prepared) break;
      if (heartbeat.lost()) throw new Error("the run was taken over by another (its heartbeat was stale)");
      next = prepareBatch(ctx.db, { ...args, after: prepared.last });
      // A failed read ahead surfaces at the next await; until then it must not go unhandled.
      next.catch(() => {});
      const batch = await ctx.db.transaction(async (tx) =>
        writeBatch(tx, ctx, args, prepared, async (id) => {
          await hooks.onAccount?.(id, index++);
        }),
      );
      state = {
        ...state,
        processedAccounts: state.processedAccounts + batch.processed,
        invoicesCreated: state.invoicesCreated + batch.invoices,
        amountTotal: state.amountTotal + batch.amount,
        updatedAt: ctx.now(),
      };
      await hooks.onProgress?.(view(state, ctx));
    }
  } catch (e) {
    await heartbeat.stop();
    await next.catch(() => {}); // let a read ahead finish before the caller may close the pool
    const message = e instanceof Error ? e.message : String(e);
    // Only while the row is still this run's: a run taken over keeps the «taken over» it was given.
    await ctx.db
      .update(billingRuns)
      .set({ status: "failed", error: message.slice(0, 1000), updatedAt: ctx.now() })
      .where(and(eq(billingRuns.id, run.id), eq(billingRuns.status, "running")));
    throw e;
  }
  await heartbeat.stop();
  const [done] = await ctx.db
    .update(billingRuns)
    .set({ status: "completed", finishedAt: ctx.now(), updatedAt: ctx.now() })
    .where(and(eq(billingRuns.id, run.id), eq(billingRuns.status, "running")))
    .returning();
  if (!done) throw new Error("the run was taken over by another (its heartbeat was stale)");
  const result = view(done, ctx);
  await hooks.onProgress?.(result);
  return result;
}
