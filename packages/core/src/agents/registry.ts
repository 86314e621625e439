import { createHash } from "node:crypto";
import type { AgentPaymentRow, PaymentAgentRow, Tx } from "@lk/db";
import {
  type AgentRegistryRow,
  accounts,
  agentPayments,
  agentReconciliations,
  agentRegistries,
  agentRegistryLines,
} from "@lk/db";
import { and, desc, eq, gte, lt } from "drizzle-orm";
import { audit } from "../audit/audit";
import { actorOf, type Ctx, requireOperator } from "../context/index";
import { AppError } from "../errors/index";
import { applyReport } from "../payments/apply";
import { insertPayment } from "../payments/create-record";
import { agentCommission, agentSourceDocument, creditAgentPayment } from "./credit";
import { discrepancyNotFound, registryNotFound } from "./errors";
import { loadAgent } from "./manage";
import { businessDateTime, formatSum } from "./protocol";
import { dayBounds, parseRegistry, registryDay, toCsv } from "./registry-csv";
import { reverseAgentPayment } from "./reverse";

export type DiscrepancyKind = "matched" | "missing_ours" | "missing_theirs" | "amount_mismatch";

export interface ReportRow {
  kind: DiscrepancyKind;
  txn_id: string;
  account_number: string;
  their_amount: number | null;
  our_amount: number | null;
  their_date: string | null;
  our_date: string | null;
  prv_txn: number | null;
  resolution: { action: "accept" | "reverse"; amount: number; at: string } | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function registryView(r: AgentRegistryRow) {
  return {
    id: r.id,
    agent_id: r.agentId,
    date: r.registryDate,
    file_name: r.fileName,
    lines: r.lineCount,
    total: r.total,
    uploaded_at: r.uploadedAt.toISOString(),
  };
}

/**
 * Loads an agent's registry (CSV, docs/payment-agents.md) and answers its reconciliation report.
 * The same file again is the same registry (by its SHA-256): nothing is stored twice.
 */
export async function importRegistry({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { agent: string; csv: string; date?: string | undefined; file_name?: string | undefined };
}) {
  requireOperator(ctx);
  const agent = await loadAgent(ctx.db, input.agent);
  const lines = parseRegistry(input.csv, ctx.config.timeZone);
  const day = registryDay(lines, input.date, ctx.config.timeZone);
  const sha = createHash("sha256").update(input.csv).digest("hex");
  const now = ctx.now();
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(agentRegistries)
      .values({
        agentId: agent.id,
        registryDate: day,
        fileSha256: sha,
        fileName: input.file_name ?? null,
        lineCount: lines.length,
        total: lines.reduce((s, l) => s + l.amount, 0),
        uploadedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: agentRegistries.id });
    if (!row) {
      const [same] = await tx
        .select({ id: agentRegistries.id })
        .from(agentRegistries)
        .where(and(eq(agentRegistries.agentId, agent.id), eq(agentRegistries.fileSha256, sha)));
      return same!.id;
    }
    for (let i = 0; i < lines.length; i += 1000)
      await tx.insert(agentRegistryLines).values(
        lines.slice(i, i + 1000).map((l) => ({
          registryId: row.id,
          lineNo: l.lineNo,
          txnId: l.txnId,
          txnDate: l.txnDate,
          accountNumber: l.accountNumber,
          amount: l.amount,
        })),
      );
    await audit(tx, ctx, {
      action: "agent.registry_imported",
      entityType: "agent_registry",
      entityId: row.id,
      data: { agent: agent.login, date: day, lines: lines.length, file_name: input.file_name ?? null },
    });
    return row.id;
  });
  return getRegistryReport({ ctx, input: { agent: agent.id, registry: id } });
}

export async function listRegistries({ ctx, input }: { ctx: Ctx; input: { agent: string } }) {
  requireOperator(ctx);
  const agent = await loadAgent(ctx.db, input.agent);
  const rows = await ctx.db
    .select()
    .from(agentRegistries)
    .where(eq(agentRegistries.agentId, agent.id))
    .orderBy(desc(agentRegistries.registryDate), desc(agentRegistries.uploadedAt));
  return { data: rows.map(registryView), next_cursor: null };
}

async function loadRegistry(ctx: Ctx, agentId: string, registryId: string) {
  if (!UUID_RE.test(registryId)) throw registryNotFound();
  const [r] = await ctx.db
    .select()
    .from(agentRegistries)
    .where(and(eq(agentRegistries.id, registryId), eq(agentRegistries.agentId, agentId)));
  if (!r) throw registryNotFound();
  return r;
}

/**
 * The registry against our side: each of its lines by (agent, txn_id) with our agent payment, and
 * our payments of that business day that it lacks. Computed afresh on every read, so resolutions
 * and late payments show at once.
 */
async function reportRows(ctx: Ctx, reg: AgentRegistryRow): Promise<ReportRow[]> {
  const [from, to] = dayBounds(reg.registryDate, ctx.config.timeZone);
  const [lines, ours, resolutions] = await Promise.all([
    ctx.db
      .select({
        lineNo: agentRegistryLines.lineNo,
        txnId: agentRegistryLines.txnId,
        txnDate: agentRegistryLines.txnDate,
        accountNumber: agentRegistryLines.accountNumber,
        amount: agentRegistryLines.amount,
        our: {
          amount: agentPayments.amount,
          txnDate: agentPayments.txnDate,
          prvTxn: agentPayments.prvTxn,
          accountNumber: accounts.number,
        },
      })
      .from(agentRegistryLines)
      .leftJoin(
        agentPayments,
        and(eq(agentPayments.agentId, reg.agentId), eq(agentPayments.txnId, agentRegistryLines.txnId)),
      )
      .leftJoin(accounts, eq(accounts.id, agentPayments.accountId))
      .where(eq(agentRegistryLines.registryId, reg.id))
      .orderBy(agentRegistryLines.lineNo),
    ctx.db
      .select({
        txnId: agentPayments.txnId,
        amount: agentPayments.amount,
        txnDate: agentPayments.txnDate,
        prvTxn: agentPayments.prvTxn,
        accountNumber: accounts.number,
      })
      .from(agentPayments)
      .innerJoin(accounts, eq(accounts.id, agentPayments.accountId))
      .where(
        and(
          eq(agentPayments.agentId, reg.agentId),
          gte(agentPayments.txnDate, from),
          lt(agentPayments.txnDate, to),
        ),
      )
      .orderBy(agentPayments.txnDate, agentPayments.prvTxn),
    ctx.db.select().from(agentReconciliations).where(eq(agentReconciliations.agentId, reg.agentId)),
  ]);
  const resolved = new Map(resolutions.map((r) => [r.txnId, r]));
  const resolution = (txnId: string): ReportRow["resolution"] => {
    const r = resolved.get(txnId);
    return r ? { action: r.action, amount: r.amount, at: r.createdAt.toISOString() } : null;
  };
  const inRegistry = new Set(lines.map((l) => l.txnId));
  const out: ReportRow[] = lines.map((l) => {
    const ourAmount = l.our?.amount ?? null;
    const kind: DiscrepancyKind =
      ourAmount === null ? "missing_ours" : ourAmount === l.amount ? "matched" : "amount_mismatch";
    return {
      kind,
      txn_id: l.txnId,
      account_number: l.accountNumber,
      their_amount: l.amount,
      our_amount: ourAmount,
      their_date: l.txnDate.toISOString(),
      our_date: l.our?.txnDate ? l.our.txnDate.toISOString() : null,
      prv_txn: l.our?.prvTxn ?? null,
      resolution: resolution(l.txnId),
    };
  });
  for (const o of ours) {
    if (inRegistry.has(o.txnId)) continue;
    out.push({
      kind: "missing_theirs",
      txn_id: o.txnId,
      account_number: o.accountNumber.trim(),
      their_amount: null,
      our_amount: o.amount,
      their_date: null,
      our_date: o.txnDate.toISOString(),
      prv_txn: o.prvTxn,
      resolution: resolution(o.txnId),
    });
  }
  return out;
}

export async function getRegistryReport({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { agent: string; registry: string };
}) {
  requireOperator(ctx);
  const agent = await loadAgent(ctx.db, input.agent);
  const reg = await loadRegistry(ctx, agent.id, input.registry);
  const rows = await reportRows(ctx, reg);
  const count = (k: DiscrepancyKind) => rows.filter((r) => r.kind === k).length;
  return {
    registry: registryView(reg),
    summary: {
      matched: count("matched"),
      missing_ours: count("missing_ours"),
      missing_theirs: count("missing_theirs"),
      amount_mismatch: count("amount_mismatch"),
      unresolved: rows.filter((r) => r.kind !== "matched" && r.resolution === null).length,
      their_total: rows.reduce((s, r) => s + (r.their_amount ?? 0), 0),
      our_total: rows.reduce((s, r) => s + (r.our_amount ?? 0), 0),
    },
    data: rows,
  };
}

const KIND_RU: Record<DiscrepancyKind, string> = {
  matched: "Совпадает",
  missing_ours: "Нет у нас",
  missing_theirs: "Нет у агента",
  amount_mismatch: "Расхождение суммы",
};

/** The report as a CSV for a spreadsheet: dates in the operator's time zone, sums in rubles with a dot. */
export async function getRegistryReportCsv({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { agent: string; registry: string };
}) {
  const r = await getRegistryReport({ ctx, input });
  const when = (iso: string | null) => (iso ? businessDateTime(new Date(iso), ctx.config.timeZone) : "");
  const sum = (k: number | null) => (k === null ? "" : formatSum(k));
  return toCsv(
    [
      "result",
      "txn_id",
      "account",
      "their_sum",
      "our_sum",
      "their_date",
      "our_date",
      "prv_txn",
      "resolution",
    ],
    r.data.map((row) => [
      KIND_RU[row.kind],
      row.txn_id,
      row.account_number,
      sum(row.their_amount),
      sum(row.our_amount),
      when(row.their_date),
      when(row.our_date),
      row.prv_txn,
      row.resolution
        ? `${row.resolution.action === "accept" ? "принято" : "сторнировано"} ${sum(row.resolution.amount)}`
        : "",
    ]),
  );
}

const notAllowed = (ru: string, en: string) => new AppError(409, "agent_resolution_not_allowed", { ru, en });

/**
 * Resolves one discrepancy, once (agent_reconciliations' key): `accept` credits a payment missing
 * on our side (or, on an amount mismatch, moves ours to the agent's figure: a credit of the
 * difference or a reversal of the excess); `reverse` takes back our payment that the agent does
 * not list (or whose amount it disputes). A repeat of the same resolution answers the report
 * unchanged; a different one for a resolved txn is 409.
 */
export async function resolveDiscrepancy({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { agent: string; registry: string; txn_id: string; action: "accept" | "reverse" };
}) {
  requireOperator(ctx);
  const agent = await loadAgent(ctx.db, input.agent);
  const reg = await loadRegistry(ctx, agent.id, input.registry);
  const row = (await reportRows(ctx, reg)).find((r) => r.txn_id === input.txn_id);
  if (!row) throw discrepancyNotFound();
  // Resolved before (an accepted line then matches): the same resolution again changes nothing.
  if (row.resolution) {
    if (row.resolution.action !== input.action) throw discrepancyNotFound();
    return getRegistryReport({ ctx, input: { agent: agent.id, registry: reg.id } });
  }
  if (row.kind === "matched") throw discrepancyNotFound();
  const allowed = input.action === "accept" ? row.kind !== "missing_theirs" : row.kind !== "missing_ours";
  if (!allowed)
    throw input.action === "accept"
      ? notAllowed(
          "Агент не прислал этот платёж: принимать нечего",
          "The agent did not list this payment: nothing to accept",
        )
      : notAllowed(
          "У нас нет этого платежа: сторнировать нечего",
          "We have no such payment: nothing to reverse",
        );
  const now = ctx.now();
  const by = actorOf(ctx.principal).actorId;
  const ourRow = async () => {
    const [ap] = await ctx.db
      .select()
      .from(agentPayments)
      .where(and(eq(agentPayments.agentId, agent.id), eq(agentPayments.txnId, input.txn_id)));
    return ap;
  };
  if (row.kind === "missing_ours") {
    // Accept: credit the agent's line as a payment of its own (the same path as `pay`).
    const [acc] = await ctx.db
      .select({
        id: accounts.id,
        companyId: accounts.companyId,
        number: accounts.number,
        status: accounts.status,
      })
      .from(accounts)
      .where(eq(accounts.number, row.account_number));
    if (!acc) throw notAllowed("Лицевой счёт из реестра не найден", "The registry's account does not exist");
    if (acc.status === "closed") throw notAllowed("Лицевой счёт закрыт", "The account is closed");
    const done = await creditAgentPayment(ctx, {
      agent,
      txnId: row.txn_id,
      account: { id: acc.id, companyId: acc.companyId, number: acc.number.trim() },
      amount: row.their_amount!,
      txnDate: new Date(row.their_date!),
      origin: "registry",
    });
    await ctx.db.transaction(async (tx) => {
      const [ins] = await tx
        .insert(agentReconciliations)
        .values({
          agentId: agent.id,
          txnId: row.txn_id,
          registryId: reg.id,
          action: "accept",
          amount: row.their_amount!,
          paymentId: done.paymentId,
          resolvedBy: by,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ txnId: agentReconciliations.txnId });
      if (ins)
        await audit(tx, ctx, {
          action: "agent.registry_accepted",
          companyId: acc.companyId,
          entityType: "agent_registry",
          entityId: reg.id,
          data: {
            agent: agent.login,
            txn_id: row.txn_id,
            amount: row.their_amount,
            payment_id: done.paymentId,
          },
        });
    });
  } else {
    const ap = await ourRow();
    if (!ap?.paymentId) throw discrepancyNotFound();
    const delta = input.action === "reverse" ? -ap.amount : (row.their_amount ?? 0) - ap.amount; // accept a mismatch
    await ctx.db.transaction(async (tx) => {
      // The resolution row first: a concurrent twin waits on its key and then moves nothing.
      const [ins] = await tx
        .insert(agentReconciliations)
        .values({
          agentId: agent.id,
          txnId: row.txn_id,
          registryId: reg.id,
          action: input.action,
          amount: delta,
          paymentId: ap.paymentId,
          resolvedBy: by,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ txnId: agentReconciliations.txnId });
      if (!ins) return;
      const why = `${agentSourceDocument(agent.name, row.txn_id)}, сверка реестра за ${reg.registryDate.split("-").reverse().join(".")}`;
      let paymentId = ap.paymentId;
      if (delta < 0) await reverseAgentPayment(tx, ctx, ap.paymentId!, -delta, why);
      else if (delta > 0) {
        // The agent took more than it reported to us: the difference is credited as a payment of
        // its own, in this transaction.
        paymentId = await creditDifference(tx, ctx, agent, ap, delta, why);
        await tx
          .update(agentReconciliations)
          .set({ paymentId })
          .where(and(eq(agentReconciliations.agentId, agent.id), eq(agentReconciliations.txnId, row.txn_id)));
      }
      await audit(tx, ctx, {
        action: input.action === "reverse" ? "agent.registry_reversed" : "agent.registry_adjusted",
        companyId: ap.companyId,
        entityType: "agent_registry",
        entityId: reg.id,
        data: { agent: agent.login, txn_id: row.txn_id, amount: delta, payment_id: paymentId },
      });
    });
  }
  return getRegistryReport({ ctx, input: { agent: agent.id, registry: reg.id } });
}

/** A supplementary payment of `amount` for an agent transaction, in the caller's transaction. */
async function creditDifference(
  tx: Tx,
  ctx: Ctx,
  agent: PaymentAgentRow,
  ap: AgentPaymentRow,
  amount: number,
  why: string,
): Promise<string> {
  const txCtx: Ctx = { ...ctx, db: tx as unknown as Ctx["db"] };
  const [acc] = await tx
    .select({ number: accounts.number })
    .from(accounts)
    .where(eq(accounts.id, ap.accountId));
  const p = await insertPayment(txCtx, {
    companyId: ap.companyId,
    source: "agent",
    method: "agent",
    idempotencyKey: `agent:${agent.id}:${ap.txnId}:registry`,
    description: `${why}, доплата`,
    items: [
      {
        accountId: ap.accountId,
        companyId: ap.companyId,
        invoiceId: null,
        amount,
        accountNumber: acc!.number.trim(),
      },
    ],
    commission: 0,
    bonus: 0,
  });
  await tx
    .update(agentPayments)
    .set({ commission: agentCommission(ap.amount + amount, agent.commissionBp) })
    .where(and(eq(agentPayments.agentId, agent.id), eq(agentPayments.txnId, ap.txnId)));
  await applyReport(tx, ctx, p.id, { status: "succeeded", occurredAt: ap.txnDate });
  return p.id;
}
