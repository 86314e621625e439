import { executeBillingRun, startBillingRun } from "@lk/core";
import { accountsOffLedger, makeCompany, type TestCompany } from "@lk/core/testing";
import { billingRuns, invoices } from "@lk/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeService, makeTariff } from "../../../packages/core/test/billing-helpers";
import { call, createTestApp, operator, type TestApp, testClock } from "./helpers";
import { jobCtx } from "./job-ctx";

// Billing-run heartbeats (issue 18 item 9): a run whose process died reads as `stale` once its
// heartbeat is older than LK_BILLING_STALE_SECONDS, and is resumed from its last committed batch
// (or taken over by the period's next run) without billing anyone twice. Here the dead process is
// the row a SIGKILL leaves (running, last batch committed); crash.test.ts kills `lk serve` for real.

let t: TestApp;
let co: TestCompany;
beforeAll(async () => {
  t = await createTestApp({ clock: testClock(new Date("2026-11-02T08:00:00Z")) });
  co = await makeCompany(t.conn, {
    billingSystem: "credit",
    accountsPerGroup: 4,
    now: new Date("2025-01-01"),
  });
  const tariff = await makeTariff(t.conn, { fee: 100_000 });
  for (const a of co.accounts)
    await makeService(t.conn, {
      companyId: co.id,
      accountId: a.id,
      tariffId: tariff.id,
      connectedAt: new Date("2026-01-01"),
    });
});
afterAll(() => t.close());

const get = (id: string) => call(t.app, "GET", `/v1/operator/billing/runs/${id}`, undefined, operator);

/** A run of `period` that billed its first batch of 4 and then lost its process. */
async function deadRun(period: string) {
  const ctx = jobCtx(t);
  const run = await startBillingRun({ ctx, input: { period } });
  const crash = new Error("process killed");
  await expect(
    executeBillingRun({
      ctx,
      input: { runId: run.id, batchSize: 4 },
      hooks: {
        onAccount: (_id, i) => {
          if (i === 6) throw crash;
        },
      },
    }),
  ).rejects.toBe(crash);
  // A killed process writes nothing more: its row stays as its last batch left it.
  await t.conn.db
    .update(billingRuns)
    .set({ status: "running", error: null })
    .where(eq(billingRuns.id, run.id));
  return run.id;
}

async function waitForRun(id: string) {
  for (let i = 0; i < 400; i++) {
    const r = await get(id);
    if (r.body.status !== "running") return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error("billing run did not finish");
}

const invoiced = async (period: string) =>
  (await t.conn.db.select().from(invoices).where(eq(invoices.period, period))).filter(
    (i) => i.companyId === co.id,
  );

describe("billing run heartbeat", () => {
  it("a dead run reads running, then stale; resumed, it bills the rest once", async () => {
    const id = await deadRun("2026-10");
    expect((await invoiced("2026-10")).length).toBe(4);
    const fresh = await get(id);
    expect(fresh.body).toMatchObject({ status: "running", processed_accounts: 4, invoices_created: 4 });
    // While the heartbeat is fresh the process may be alive: no resumption.
    const early = await call(t.app, "POST", `/v1/operator/billing/runs/${id}/resume`, undefined, operator);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe("billing_run_not_resumable");

    t.clock.advance(5 * 60_000 + 1_000);
    expect((await get(id)).body.status).toBe("stale");
    const list = await call(t.app, "GET", "/v1/operator/billing/runs?limit=5", undefined, operator);
    expect(list.body.data.find((r: { id: string }) => r.id === id)).toMatchObject({ status: "stale" });

    const resumed = await call(t.app, "POST", `/v1/operator/billing/runs/${id}/resume`, undefined, operator);
    expect(resumed.status).toBe(202);
    const done = await waitForRun(id);
    expect(done.body).toMatchObject({ status: "completed", invoices_created: 12, progress: 1 });
    const all = await invoiced("2026-10");
    expect(all.length).toBe(12);
    expect(new Set(all.map((i) => i.accountId)).size).toBe(12);
    expect(await accountsOffLedger(t.conn.db, co.id)).toBe(0);
    // Completed: not again.
    const again = await call(t.app, "POST", `/v1/operator/billing/runs/${id}/resume`, undefined, operator);
    expect(again.status).toBe(409);
  });

  it("a live run renews its heartbeat while it works: a slow batch does not make it stale", async () => {
    const ctx = jobCtx(t);
    const run = await startBillingRun({ ctx, input: { period: "2026-08" } });
    let seen: string | undefined;
    const done = await executeBillingRun({
      ctx,
      input: { runId: run.id, batchSize: 4, heartbeatMs: 50 },
      hooks: {
        onProgress: async (p) => {
          if (seen || p.status !== "running") return;
          // The batch took longer than the stale limit…
          t.clock.advance(5 * 60_000 + 1_000);
          // …but the timer renewed the heartbeat meanwhile: still running, not stale.
          await new Promise((r) => setTimeout(r, 400));
          seen = (await get(run.id)).body.status;
        },
      },
    });
    expect(seen).toBe("running");
    expect(done).toMatchObject({ status: "completed", invoicesCreated: 12 });
  });

  it("a run taken over while alive stops before its next batch and keeps «taken over»", async () => {
    const ctx = jobCtx(t);
    const run = await startBillingRun({ ctx, input: { period: "2026-07" } });
    let first = true;
    await expect(
      executeBillingRun({
        ctx,
        input: { runId: run.id, batchSize: 4, heartbeatMs: 50 },
        hooks: {
          onProgress: async () => {
            if (!first) return;
            first = false;
            // What the period's next run does to a stale one.
            await t.conn.db
              .update(billingRuns)
              .set({ status: "failed", error: "taken over by run X" })
              .where(eq(billingRuns.id, run.id));
            await new Promise((r) => setTimeout(r, 300));
          },
        },
      }),
    ).rejects.toThrow(/taken over/);
    expect((await get(run.id)).body).toMatchObject({ status: "failed", error: "taken over by run X" });
    expect((await invoiced("2026-07")).length).toBe(4);
  });

  it("the period's next run takes a stale one over: it reads failed, and nobody is billed twice", async () => {
    const id = await deadRun("2026-09");
    t.clock.advance(6 * 60_000);
    const next = await call(t.app, "POST", "/v1/operator/billing/runs", { period: "2026-09" }, operator);
    expect(next.status).toBe(202);
    expect((await waitForRun(next.body.id)).body).toMatchObject({ status: "completed", invoices_created: 8 });
    expect((await get(id)).body).toMatchObject({
      status: "failed",
      error: `taken over by run ${next.body.id}`,
    });
    const all = await invoiced("2026-09");
    expect(new Set(all.map((i) => i.accountId)).size).toBe(all.length);
    expect(all.length).toBe(12);
    expect(await accountsOffLedger(t.conn.db, co.id)).toBe(0);
  });
});
