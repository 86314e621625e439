// Payments per second end to end on PostgreSQL: POST /v1/payments (our API over HTTP) → the payer
// submits the test card on the sandbox's hosted page → the sandbox's signed notification over HTTP
// → ledger credit. 200 concurrent payers over 50 accounts; the ledger invariant is checked after.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { silentLogger, startSandboxServer } from "../apps/acquirer-sandbox/src/index";
import { createApp } from "../apps/api/src/app";
import { loadConfig } from "../apps/api/src/config";
import { createSandboxProvider } from "../packages/core/src/index";
import { makeCompany } from "../packages/core/src/testing/fixtures";
import { benchDatabase, fmt, percentiles } from "./db";

// Defaults finish in well under a minute on the shared 2-core machine; the full run is
// BENCH_PAYERS=200 BENCH_PAYMENTS=2000.
const PAYERS = Number(process.env.BENCH_PAYERS ?? 50);
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 400);

export default async function run() {
  const { conn } = await benchDatabase("payments", 40);
  const company = await makeCompany(conn, { accountsPerGroup: 17 });
  const accountIds = company.accounts.slice(0, 50).map((a) => a.id);

  let apiUrl = "";
  const sandbox = await startSandboxServer({
    shops: { bench: "bench-secret" },
    logger: silentLogger,
    retry: { baseDelayMs: 50, maxAttempts: 8 },
  });
  const config = loadConfig({
    LK_LOG_LEVEL: "silent",
    LK_SCRYPT_N: "1024",
    LK_PUBLIC_URL: "http://127.0.0.1:1",
  });
  const acquirer = createSandboxProvider({
    baseUrl: sandbox.url,
    shopId: "bench",
    secretKey: "bench-secret",
  });
  const app = createApp({ conn, config, acquirer });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      apiUrl = `http://127.0.0.1:${info.port}`;
      resolve(s);
    });
  });
  // The notification URL the API hands the acquirer must reach this server.
  config.core.publicUrl = apiUrl;

  const signIn = await fetch(`${apiUrl}/v1/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: company.accountant.login, password: company.accountant.password }),
  });
  const token = ((await signIn.json()) as { access_token: string }).access_token;

  const latencies: number[] = [];
  const phase = { create: 0, page: 0 };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: PAYERS }, async () => {
      for (;;) {
        const i = next++;
        if (i >= PAYMENTS) return;
        const t0 = performance.now();
        const res = await fetch(`${apiUrl}/v1/payments`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${token}`,
            "idempotency-key": `bench-payment-${i}`,
          },
          body: JSON.stringify({
            items: [{ account_id: accountIds[i % accountIds.length], amount: 100_00 }],
            method: "card",
          }),
        });
        const p = (await res.json()) as { confirmation_url: string };
        if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(p)}`);
        const t1 = performance.now();
        await fetch(p.confirmation_url, {
          method: "POST",
          body: new URLSearchParams({
            card_number: "4242424242424242",
            expiry: "12/30",
            cvc: "123",
            holder: "BENCH",
          }),
          redirect: "manual",
        });
        const t2 = performance.now();
        phase.create += t1 - t0;
        phase.page += t2 - t1;
        latencies.push(t2 - t0);
      }
    }),
  );
  await sandbox.app.sandbox.notificationsIdle();
  const seconds = (performance.now() - started) / 1000;

  const [check] = await rows<{ succeeded: number; broken: number; credited: string }>(
    conn.db,
    sql`SELECT (SELECT count(*)::int FROM payments WHERE status = 'succeeded') AS succeeded,
      (SELECT count(*)::int FROM accounts a WHERE a.balance <> (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries e WHERE e.account_id = a.id)) AS broken,
      (SELECT COALESCE(SUM(amount), 0)::text FROM ledger_entries WHERE kind = 'payment') AS credited`,
  );
  const pct = percentiles(latencies);
  console.log(
    `payments end to end (PostgreSQL, ${PAYERS} concurrent payers, ${PAYMENTS} payments, 50 accounts)`,
  );
  console.log(
    `  throughput: ${fmt(check!.succeeded / seconds)} payments/s (target ≥ 300/s) in ${fmt(seconds, 2)} s`,
  );
  console.log(`  payer latency create+card ms: p50 ${fmt(pct.p50)} p90 ${fmt(pct.p90)} p99 ${fmt(pct.p99)}`);
  console.log(
    `  time split per payment: create ${fmt(phase.create / PAYMENTS)} ms, hosted page ${fmt(phase.page / PAYMENTS)} ms`,
  );
  console.log(
    `  invariant: ${check!.broken} accounts off their ledger; ${check!.succeeded}/${PAYMENTS} succeeded; credited ${Number(check!.credited) / 100} ₽ (expected ${(PAYMENTS * 100_00) / 100} ₽)`,
  );
  if (check!.broken !== 0 || check!.succeeded !== PAYMENTS || Number(check!.credited) !== PAYMENTS * 100_00)
    throw new Error("payments bench: invariant broken");
  sandbox.app.sandbox.close();
  await sandbox.close();
  server.close();
  await conn.close();
}
