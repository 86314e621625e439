import { billingRuns, type Database, invoices, rows, type Tx } from "@lk/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { KeyStore } from "../auth/signing-keys";
import { defaultCoreConfig } from "../config";
import type { Ctx } from "../context/index";
import { postLedger } from "../ledger/index";
import { loadVatRates } from "../vat/index";
import { billBatch } from "./batch";
import { BEFORE_FIRST_ACCOUNT } from "./keyset";
import { hasCallsTable } from "./load";
import { parsePeriod, periodOf, shiftPeriod } from "./period";

/**
 * Demo extension: invoices for the last three months (fees of the services other extensions
 * created, plus their calls) and bank payments covering the two older ones, so the balance,
 * invoices, documents and reconciliation pages have something to show.
 */
export async function seedDemoBilling(tx: Tx, demo: { companyId: string; now: Date }): Promise<void> {
  const db = tx as unknown as Database;
  const ctx: Ctx = {
    db,
    principal: { type: "operator", name: "demo-seed" },
    config: defaultCoreConfig,
    keys: new KeyStore(db),
    now: () => demo.now,
    requestId: "demo-seed",
    ip: null,
    userAgent: "seed",
    lang: "ru",
  };
  // The demo's accounts and lines are made "now"; let them have existed for the months we bill.
  const since = new Date(Date.UTC(demo.now.getUTCFullYear(), demo.now.getUTCMonth() - 4, 1));
  await rows(
    tx,
    sql`UPDATE accounts SET created_at = ${since.toISOString()}::timestamptz WHERE company_id = ${demo.companyId}::uuid`,
  );
  await rows(
    tx,
    sql`UPDATE services SET connected_at = ${since.toISOString()}::timestamptz
         WHERE company_id = ${demo.companyId}::uuid AND connected_at >= ${since.toISOString()}::timestamptz`,
  );
  await rows(
    tx,
    sql`UPDATE service_tariff_history SET valid_from = ${since.toISOString()}::timestamptz
         WHERE company_id = ${demo.companyId}::uuid AND valid_from >= ${since.toISOString()}::timestamptz AND status = 'active'`,
  );
  const rates = await loadVatRates(tx);
  const withCalls = await hasCallsTable(tx);
  const current = periodOf(demo.now, ctx.config.timeZone);
  for (const back of [3, 2, 1]) {
    const period = parsePeriod(shiftPeriod(current, -back), ctx.config.timeZone);
    const [run] = await tx
      .insert(billingRuns)
      .values({
        period: period.id,
        startedBy: "demo-seed",
        startedAt: demo.now,
        status: "completed",
        finishedAt: demo.now,
      })
      .returning({ id: billingRuns.id });
    let after = BEFORE_FIRST_ACCOUNT;
    for (;;) {
      const r = await billBatch(
        tx,
        ctx,
        { period, rates, withCalls, after, batchSize: 500, runId: run!.id, companyId: demo.companyId },
        async () => {},
      );
      if (!r) break;
      after = r.last;
    }
    if (back === 1) continue; // the last month stays unpaid
    const issued = await tx
      .select({ id: invoices.id, accountId: invoices.accountId, total: invoices.totalAmount })
      .from(invoices)
      .where(and(eq(invoices.companyId, demo.companyId), eq(invoices.period, period.id)));
    const paidAt = new Date(period.to.getTime() + 9 * 86_400_000 + 10 * 3_600_000);
    const lines = issued
      .filter((i) => i.total > 0)
      .map((i) => ({
        accountId: i.accountId,
        kind: "payment" as const,
        amount: i.total,
        description: `Оплата по платёжному поручению № ${100 + back}`,
        refType: "demo_payment",
        effectiveAt: paidAt,
      }));
    await postLedger(tx, lines, { now: paidAt });
    await tx
      .update(invoices)
      .set({ status: "paid", paidAt })
      .where(
        inArray(
          invoices.id,
          issued.map((i) => i.id),
        ),
      );
  }
}
