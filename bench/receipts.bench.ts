import { randomUUID } from "node:crypto";
import { type Ctx, createAtolCashRegister, defaultCoreConfig, KeyStore, registerReceipts } from "@lk/core";
import { makeCompany } from "@lk/core/testing";
import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { startCashRegisterServer } from "../apps/cash-register-sandbox/src/index";
import { benchDatabase, fmt } from "./db";

// Receipts registered per second by the `receipts` job (PostgreSQL, the sandbox cash register over
// HTTP answering after BENCH_RECEIPTS_DELAY_MS, default 200 ms): N paid card payments each with a
// pending приход receipt, then job runs until every receipt is registered. Two ways of running the
// job: back to back with a big batch (its ceiling), and as the server runs it (every second, batch
// 100, 8 at once, asking again a second after handing over) — the figure that has to keep up
// with the payments (the payments benchmark's 100–121 payments/s here, docs/payments.md).
export default async function run() {
  const n = Number(process.env.BENCH_RECEIPTS ?? 1000);
  const delayMs = Number(process.env.BENCH_RECEIPTS_DELAY_MS ?? 200);
  const register = await startCashRegisterServer({ logins: { bench: "bench" }, delayMs });
  const cashRegister = createAtolCashRegister({
    baseUrl: register.url,
    login: "bench",
    password: "bench",
    groupCode: "bench",
    timeoutMs: 10_000,
  });
  const { conn } = await benchDatabase("receipts", 10);
  try {
    const co = await makeCompany(conn);
    const ctx: Ctx = {
      db: conn.db,
      principal: { type: "operator", name: "job:receipts-bench" },
      config: defaultCoreConfig,
      keys: new KeyStore(conn.db),
      now: () => new Date(),
      requestId: `bench-${randomUUID()}`,
      ip: null,
      userAgent: null,
      lang: "ru",
    };
    const seed = async (tag: string) => {
      await rows(
        conn.db,
        sql`WITH p AS (
            INSERT INTO payments (company_id, source, method, status, amount, charged_amount, description,
              idempotency_key, receipt_email, succeeded_at, created_at, updated_at)
            SELECT ${co.id}::uuid, 'cabinet', 'card', 'succeeded', 125050, 125050, 'bench',
              ${tag} || g, 'bench@example.test', now(), now(), now()
            FROM generate_series(1, ${n}) g
            RETURNING id, company_id, amount),
          i AS (INSERT INTO payment_items (payment_id, position, company_id, account_id, amount)
            SELECT id, 0, company_id, ${co.accounts[0]!.id}::uuid, amount FROM p)
          INSERT INTO receipts (company_id, payment_id, kind, amount, settled_at, external_id, next_attempt_at, created_at, updated_at)
          SELECT company_id, id, 'sell', amount, now(), 'lk-sell-' || id, now(), now(), now() FROM p`,
      );
    };
    const pending = async () =>
      Number(
        (
          await rows<{ n: string }>(conn.db, sql`SELECT count(*) AS n FROM receipts WHERE status = 'pending'`)
        )[0]!.n,
      );

    // 1. Back to back, batch 500, 64 at once, asked again at once.
    await seed("bench-a-");
    let t0 = performance.now();
    let runs = 0;
    while ((await pending()) > 0) {
      runs++;
      const r = await registerReceipts({
        ctx,
        cashRegister,
        options: { batch: 500, concurrency: 64, pollMs: 0 },
      });
      if (r.registered === 0 && r.claimed > 0) await new Promise((res) => setTimeout(res, 20));
    }
    let s = (performance.now() - t0) / 1000;
    console.log(
      `receipts job back to back (batch 500, 64 at once), register answering after ${delayMs} ms: ${fmt(n / s, 0)} receipts/s (${n} in ${fmt(s, 1)} s, ${runs} runs)`,
    );

    // 2. As the server runs it: every second, default batch/concurrency/poll.
    await seed("bench-b-");
    t0 = performance.now();
    runs = 0;
    while ((await pending()) > 0) {
      const started = performance.now();
      runs++;
      await registerReceipts({ ctx, cashRegister });
      const left = 1000 - (performance.now() - started);
      if (left > 0) await new Promise((res) => setTimeout(res, left));
    }
    s = (performance.now() - t0) / 1000;
    const counts = register.app.cashRegister.counts();
    console.log(
      `receipts job as served (every 1 s, batch 100, 8 at once, report asked 1 s after hand-over): ${fmt(n / s, 0)} receipts/s (${n} in ${fmt(s, 1)} s, ${runs} runs)`,
    );
    console.log(
      `  cash register calls for ${2 * n} receipts: ${counts.register} sell, ${counts.report} report, ${counts.getToken} getToken, ${counts.duplicates} repeats; compare: the payments benchmark takes 100–121 payments/s here`,
    );
  } finally {
    await conn.close();
    await register.close();
  }
}
