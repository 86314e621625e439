// Payments per second end to end on PostgreSQL: POST /v1/payments (our API over HTTP) → the payer
// submits the test card on the sandbox's hosted page → the sandbox's signed notification over HTTP
// → ledger credit. Then the same for SBP: the payer opens the QR code's link (the sandbox's «bank
// app») and confirms in a test bank instead of typing a card; each run beside its floor. As in reality the parts are separate processes talking over HTTP: the API
// (bench/payments-api.ts), the sandbox acquirer (bench/payments-sandbox.ts) and the payers
// (bench/payments-payers.ts); this process only prepares the database, starts them, and checks
// the ledger invariant after the run. It also prints the SQL statements per payment (a few
// payments made one by one first) and the CPU each process and the API's PostgreSQL backends used.
import { readFileSync } from "node:fs";
import { type Connection, rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { makeCompany } from "../packages/core/src/testing/fixtures";
import { benchDatabase, fmt, percentiles } from "./db";
import { backendsCpu, type FloorResult, runFloor } from "./payments-floor";
import type { PayersSpec } from "./payments-payers";
import { type ProcStats, startProc } from "./payments-procs";

// Defaults finish in well under a minute on the shared 2-core machine; the full run is
// BENCH_PAYERS=200 BENCH_PAYMENTS=2000. BENCH_POOL: the API's PostgreSQL pool (default 3, as LK_DB_POOL).
const PAYERS = Number(process.env.BENCH_PAYERS ?? 50);
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 400);
const POOL = process.env.BENCH_POOL ?? "3";
/** API processes (as `lk serve --workers N` would run them); payers spread over them. */
const API_PROCS = Math.max(1, Number(process.env.BENCH_API_PROCS ?? 1));
/** Payments made one at a time before the run, to count statements per create and per notification. */
const COUNTED = 20;
/** BENCH_PAYMENTS_FLOOR=0 skips the floor run (bench/payments-floor.ts). */
const FLOOR = process.env.BENCH_PAYMENTS_FLOOR !== "0";
const AMOUNT = 100_00;
/** The SBP run's payments (BENCH_SBP_PAYMENTS; 0 skips it): half the card run's, for two cores. */
const SBP_PAYMENTS = Number(process.env.BENCH_SBP_PAYMENTS ?? Math.round(PAYMENTS / 2));

export default async function run() {
  const { conn, url } = await benchDatabase("payments", 4);
  const company = await makeCompany(conn, { accountsPerGroup: 17 });
  const accountIds = company.accounts.slice(0, 50).map((a) => a.id);

  const sandbox = await startProc("payments-sandbox.ts", {});
  const apis = await Promise.all(
    Array.from({ length: API_PROCS }, () =>
      startProc("payments-api.ts", {
        BENCH_DB_URL: url,
        BENCH_SANDBOX_URL: String(sandbox.ready.url),
        BENCH_POOL: POOL,
      }),
    ),
  );
  const api = apis[0]!;
  const payers = await startProc("payments-payers.ts", {});
  const apiUrl = String(api.ready.url);
  try {
    const signIn = await fetch(`${apiUrl}/v1/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: company.accountant.login, password: company.accountant.password }),
    });
    const token = ((await signIn.json()) as { access_token: string }).access_token;
    if (!token) throw new Error(`sign-in: ${signIn.status}`);

    // 1. Statements per payment: a few payments one after another, nothing else running.
    const statementsNow = async () => (await api.ask<ProcStats>("stats")).statements ?? 0;
    let perCreate = 0;
    let perNotification = 0;
    for (let i = 0; i < COUNTED; i++) {
      const s0 = await statementsNow();
      const res = await fetch(`${apiUrl}/v1/payments`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${token}`,
          "idempotency-key": `bench-count-${i}`,
        },
        body: JSON.stringify({ items: [{ account_id: accountIds[i % 50], amount: AMOUNT }], method: "card" }),
      });
      const p = (await res.json()) as { confirmation_url: string };
      if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(p)}`);
      const s1 = await statementsNow();
      const page = await fetch(p.confirmation_url, {
        method: "POST",
        body: new URLSearchParams({
          card_number: "4242424242424242",
          expiry: "12/30",
          cvc: "123",
          holder: "B",
        }),
        redirect: "manual",
      });
      await page.arrayBuffer();
      await sandbox.ask("idle");
      const s2 = await statementsNow();
      perCreate += s1 - s0;
      perNotification += s2 - s1;
    }

    // 2. The measured runs: cards, then SBP (the same payers, API and acquirer).
    const measure = async (method: "card" | "sbp", payments: number) => {
      const before = await cpuOf(conn, apis, sandbox, payers);
      const started = performance.now();
      const spec: PayersSpec = {
        apiUrls: apis.map((a) => String(a.ready.url)),
        token,
        accountIds,
        payers: PAYERS,
        payments,
        keyPrefix: `bench-${method}`,
        method,
      };
      const result = await payers.ask<{
        latencies: number[];
        phase: { create: number; page: number };
        seconds: number;
      }>("pay", { spec });
      const delivery = await sandbox.ask<{ attempts: number; failedAttempts: number }>("idle");
      const seconds = (performance.now() - started) / 1000;
      const after = await cpuOf(conn, apis, sandbox, payers);
      const cpu = (k: keyof typeof before) => after[k] - before[k];
      const cpuAll = cpu("api") + cpu("postgres") + cpu("sandbox") + cpu("payers");
      return { result, delivery, seconds, cpu, cpuAll };
    };
    const card = await measure("card", PAYMENTS);
    const sbp = SBP_PAYMENTS > 0 ? await measure("sbp", SBP_PAYMENTS) : undefined;
    const { result, delivery, seconds, cpu, cpuAll } = card;

    // 3. The invariant.
    const total = PAYMENTS + COUNTED + (sbp ? SBP_PAYMENTS : 0);
    const [check] = await rows<{ succeeded: number; other: number; broken: number; credited: string }>(
      conn.db,
      sql`SELECT (SELECT count(*)::int FROM payments WHERE status = 'succeeded') AS succeeded,
        (SELECT count(*)::int FROM payments WHERE status <> 'succeeded') AS other,
        (SELECT count(*)::int FROM accounts a WHERE a.balance <> (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries e WHERE e.account_id = a.id)) AS broken,
        (SELECT COALESCE(SUM(amount), 0)::text FROM ledger_entries WHERE kind = 'payment') AS credited`,
    );
    const pct = percentiles(result.latencies);
    const perPay = (s: number) => `${fmt((s * 1000) / PAYMENTS, 2)} ms`;
    console.log(
      `payments end to end (PostgreSQL, ${PAYERS} concurrent payers, ${PAYMENTS} payments, 50 accounts; API in ${API_PROCS} process${API_PROCS > 1 ? "es" : ""} (BENCH_API_PROCS), acquirer and payers in one each, API pool ${POOL})`,
    );
    console.log(
      `  throughput: ${fmt(PAYMENTS / seconds)} payments/s (target ≥ 300/s) in ${fmt(seconds, 2)} s (payers done in ${fmt(result.seconds, 2)} s, the rest is notifications draining)`,
    );
    console.log(
      `  payer latency create+card ms: p50 ${fmt(pct.p50)} p90 ${fmt(pct.p90)} p99 ${fmt(pct.p99)}`,
    );
    console.log(
      `  time split per payment: create ${fmt(result.phase.create / PAYMENTS)} ms, hosted page ${fmt(result.phase.page / PAYMENTS)} ms`,
    );
    console.log(
      `  SQL statements per payment (API → PostgreSQL, incl. BEGIN/COMMIT): create ${fmt(perCreate / COUNTED)}, notification ${fmt(perNotification / COUNTED)}, total ${fmt((perCreate + perNotification) / COUNTED)}`,
    );
    console.log(
      `  CPU per payment: API ${perPay(cpu("api"))}, PostgreSQL backends ${perPay(cpu("postgres"))}, acquirer ${perPay(cpu("sandbox"))}, payers ${perPay(cpu("payers"))}, in all ${perPay(cpuAll)} (machine: ${cpuCount()} cores, load average ${loadAverage()})`,
    );
    console.log(
      `  notifications: ${delivery.attempts} attempts, ${delivery.failedAttempts} not accepted (retried)`,
    );
    if (sbp) {
      const q = percentiles(sbp.result.latencies);
      const per = (s: number) => `${fmt((s * 1000) / SBP_PAYMENTS, 2)} ms`;
      console.log(
        `SBP by QR code, the same API, acquirer and ${PAYERS} payers (${SBP_PAYMENTS} payments, BENCH_SBP_PAYMENTS): create → the QR link's «bank app» page → confirm in Тестбанк → notification`,
      );
      console.log(
        `  throughput: ${fmt(SBP_PAYMENTS / sbp.seconds)} payments/s in ${fmt(sbp.seconds, 2)} s; payer latency create+confirm ms: p50 ${fmt(q.p50)} p90 ${fmt(q.p90)} p99 ${fmt(q.p99)}; time split per payment: create ${fmt(sbp.result.phase.create / SBP_PAYMENTS)} ms, bank app ${fmt(sbp.result.phase.page / SBP_PAYMENTS)} ms`,
      );
      console.log(
        `  CPU per payment: API ${per(sbp.cpu("api"))}, PostgreSQL backends ${per(sbp.cpu("postgres"))}, acquirer ${per(sbp.cpu("sandbox"))}, payers ${per(sbp.cpu("payers"))}, in all ${per(sbp.cpuAll)}`,
      );
    }
    console.log(
      `  invariant: ${check!.broken} accounts off their ledger; ${check!.succeeded}/${total} succeeded (${check!.other} other); credited ${Number(check!.credited) / 100} ₽ (expected ${(total * AMOUNT) / 100} ₽)`,
    );
    if (
      check!.broken !== 0 ||
      check!.succeeded !== total ||
      check!.other !== 0 ||
      Number(check!.credited) !== total * AMOUNT
    )
      throw new Error("payments bench: INVARIANT BROKEN (see the line above)");

    // 4. The floor: the same flow and payers with bare servers and the least database work.
    if (FLOOR) {
      const ms = (n: number) => `${fmt(n, 2)} ms`;
      const allOf = (f: FloorResult) => f.cpuMs.api + f.cpuMs.postgres + f.cpuMs.acquirer + f.cpuMs.payers;
      let stackFloor: FloorResult | undefined;
      for (const stack of [false, true]) {
        const f = await runFloor(conn, url, {
          payers: PAYERS,
          payments: PAYMENTS,
          pool: POOL,
          accountIds,
          stack,
        });
        console.log(
          `  floor ${stack ? "on the stack (Hono, drizzle)" : "bare (node:http, postgres.js)"}: ${fmt(f.perSecond)} payments/s (the product: ${fmt((100 * PAYMENTS) / seconds / f.perSecond)} % of it); CPU per payment API ${ms(f.cpuMs.api)}, PostgreSQL ${ms(f.cpuMs.postgres)}, acquirer ${ms(f.cpuMs.acquirer)}, payers ${ms(f.cpuMs.payers)}, in all ${ms(allOf(f))} (the product: ${fmt((cpuAll * 1000) / PAYMENTS / allOf(f), 2)}×)`,
        );
        if (stack) stackFloor = f;
      }
      // What 300/s leaves for the product: the CPU two cores give per payment at 300/s, at the share
      // of the cores the stack floor kept busy (a closed loop of payers never fills them to 100 %).
      const busy = (allOf(stackFloor!) * stackFloor!.perSecond) / 1000 / Number(cpuCount());
      const budget = (busy * Number(cpuCount()) * 1000) / 300;
      console.log(
        `  300/s: ≤ ${ms(budget)} of CPU per payment in all at the stack floor's ${fmt(100 * busy)} % use of the cores; the stack floor takes ${ms(allOf(stackFloor!))}, leaving ${ms(budget - allOf(stackFloor!))} for all the product adds — it adds ${ms((cpuAll * 1000) / PAYMENTS - allOf(stackFloor!))}`,
      );
      console.log(
        "    (floor: the same payers and HTTP exchanges, one INSERT at create and one atomic ledger statement at notification; no auth, idempotency, validation, audit, notices, webhooks or bonuses — bench/payments-floor.ts)",
      );
      if (sbp) {
        const f = await runFloor(conn, url, {
          payers: PAYERS,
          payments: SBP_PAYMENTS,
          pool: POOL,
          accountIds,
          stack: true,
          method: "sbp",
        });
        console.log(
          `  SBP floor on the stack (Hono, drizzle; a QR link instead of the card page): ${fmt(f.perSecond)} payments/s (the product's SBP run: ${fmt((100 * SBP_PAYMENTS) / sbp.seconds / f.perSecond)} % of it); CPU per payment in all ${ms(allOf(f))} (the product: ${fmt((sbp.cpuAll * 1000) / SBP_PAYMENTS / allOf(f), 2)}×)`,
        );
      }
    }
  } finally {
    await Promise.all([payers.stop(), ...apis.map((a) => a.stop()), sandbox.stop()]);
    await conn.close();
  }
}

type Asker = { ask<T>(type: string): Promise<T> };

/** CPU seconds so far of each child and of the API's PostgreSQL backends (from /proc). */
async function cpuOf(
  conn: Connection,
  apis: Asker[],
  ...procs: Asker[]
): Promise<{ api: number; sandbox: number; payers: number; postgres: number }> {
  const api = (await Promise.all(apis.map((p) => p.ask<ProcStats>("stats")))).reduce((s, x) => s + x.cpu, 0);
  const [sandbox, payers] = await Promise.all(procs.map((p) => p.ask<ProcStats>("stats")));
  return {
    api,
    sandbox: sandbox!.cpu,
    payers: payers!.cpu,
    postgres: await backendsCpu(conn, "lk-bench-api"),
  };
}

const cpuCount = () => readFileSync("/proc/cpuinfo", "utf8").match(/^processor/gm)?.length ?? "?";
const loadAverage = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
