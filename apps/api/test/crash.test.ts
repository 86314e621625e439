/**
 * Crash recovery (issue 18): the API process killed with SIGKILL — no shutdown, no rollback but the
 * database's own — during a burst of payment creations, during a refund, and during a billing run.
 * After a restart the same requests with the same Idempotency-Keys complete, nothing is doubled
 * (one payment per key, one refund, one invoice per account, balances equal their ledger entries)
 * and nothing is stuck (no pending payment without an acquirer id, no run `running` forever).
 * PostgreSQL only: the embedded PGlite lives inside the killed process (see docs/operations.md).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  accountsOffLedger,
  makeCompany,
  makeService,
  makeTariff,
  TEST_PASSWORD,
  type TestCompany,
} from "@lk/core/testing";
import { billingRuns, type Connection, connect, invoices, paymentRefunds, payments } from "@lk/db";
import { createTestDatabaseUrl } from "@lk/db/testing";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, silentLogger, startSandboxServer } from "../../acquirer-sandbox/src/index";
import { OPERATOR_KEY } from "./helpers";
import { payOnPage } from "./payments-env";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let url: string;
let conn: Connection;
let sandbox: RunningSandbox;
let port: number;
let api: string;
let co: TestCompany;
let child: ChildProcess | undefined;
const children: ChildProcess[] = [];

/** Environment of every `lk` process here: this file's database, the sandbox, short lease and heartbeat. */
const lkEnv = () => ({
  ...process.env,
  DATABASE_URL: url,
  PORT: String(port),
  HOST: "127.0.0.1",
  LK_PUBLIC_URL: api,
  LK_OPERATOR_KEY: OPERATOR_KEY,
  LK_LOG_LEVEL: "warn",
  LK_SCRYPT_N: "1024",
  LK_COOKIE_SECURE: "false",
  ACQUIRER_URL: sandbox.url,
  ACQUIRER_SHOP_ID: "shop",
  ACQUIRER_SECRET: "secret",
  // A dead request's claim is taken over after 3 s, a dead run reads stale after 2 s (not 60 s / 5 min).
  LK_IDEMPOTENCY_LEASE_SECONDS: "3",
  LK_BILLING_STALE_SECONDS: "2",
});

function lk(args: string[]): ChildProcess {
  const p = spawn(process.execPath, ["--import", "tsx", "apps/api/src/cli/main.ts", ...args], {
    cwd: root,
    env: lkEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(p);
  return p;
}

async function serve() {
  child = lk(["serve"]);
  for (let i = 0; i < 600; i++) {
    const up = await fetch(`${api}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await sleep(100);
  }
  throw new Error("lk serve did not start");
}

async function kill9(p = child) {
  if (!p || p.exitCode !== null) return;
  const gone = new Promise((r) => p.once("exit", r));
  p.kill("SIGKILL");
  await gone;
}

/** One request; a connection cut by the kill is `null`. */
async function send(method: string, path: string, body: unknown, headers: Record<string, string>) {
  try {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as any,
      retryAfter: res.headers.get("retry-after"),
    };
  } catch {
    return null;
  }
}

/** A retried request as a client does it: until it is no longer 409 in progress (its lease ran out). */
async function retry(method: string, path: string, body: unknown, headers: Record<string, string>) {
  for (let i = 0; i < 60; i++) {
    const r = await send(method, path, body, headers);
    if (r && !(r.status === 409 && r.body.code === "idempotency_in_progress")) return r;
    await sleep(500);
  }
  throw new Error(`${method} ${path} stayed in progress`);
}

async function token() {
  const r = await send(
    "POST",
    "/v1/auth/sign-in",
    { login: co.accountant.login, password: TEST_PASSWORD },
    {},
  );
  return r!.body.access_token as string;
}

beforeAll(async () => {
  if (!process.env.DATABASE_URL) return;
  url = (await createTestDatabaseUrl())!;
  conn = await connect({ url, max: 4 });
  port = await freePort();
  api = `http://127.0.0.1:${port}`;
  const acquirerPort = await freePort();
  sandbox = await startSandboxServer(
    {
      shops: { shop: "secret" },
      logger: silentLogger,
      publicUrl: `http://127.0.0.1:${acquirerPort}`,
      retry: { baseDelayMs: 200, maxAttempts: 20, jitter: 0 },
    },
    { port: acquirerPort, hostname: "127.0.0.1" },
  );
  co = await makeCompany(conn, {
    billingSystem: "credit",
    accountsPerGroup: 100,
    now: new Date("2025-01-01"),
  });
}, 120_000);
afterAll(async () => {
  for (const p of children) if (p.exitCode === null) p.kill("SIGKILL");
  await sandbox?.close();
  await conn?.close();
});

describe.skipIf(!process.env.DATABASE_URL)("SIGKILL and restart (PostgreSQL)", () => {
  it("payment creation: a burst cut by kill -9 completes on retry, one payment per key, none stuck", async () => {
    await serve();
    const auth = { authorization: `Bearer ${await token()}` };
    const requests = Array.from({ length: 30 }, (_, i) => ({
      key: `crash-pay-${randomUUID()}`,
      body: { items: [{ account_id: co.accounts[i]!.id, amount: 100_00 + i }], method: "card" },
    }));
    const burst = requests.map((r) =>
      send("POST", "/v1/payments", r.body, { ...auth, "idempotency-key": r.key }),
    );
    // Killed while the burst is in flight: some answered, some cut, some never read.
    await Promise.race([Promise.all(burst), sleep(150)]);
    await kill9();
    const first = await Promise.all(burst);
    await serve();
    const again = await Promise.all(
      requests.map((r) => retry("POST", "/v1/payments", r.body, { ...auth, "idempotency-key": r.key })),
    );
    expect(again.map((r) => r.status)).toEqual(Array(30).fill(201));
    // An answer given before the kill is the answer after it.
    first.forEach((f, i) => {
      if (f?.status === 201) expect(again[i]!.body.id).toBe(f.body.id);
    });
    const rows = await conn.db
      .select()
      .from(payments)
      .where(
        inArray(
          payments.idempotencyKey,
          requests.map((r) => r.key),
        ),
      );
    expect(rows).toHaveLength(30);
    expect(rows.filter((p) => p.acquirerPaymentId === null)).toEqual([]);
    expect(await accountsOffLedger(conn.db, co.id)).toBe(0);
  }, 240_000);

  it("refund: killed mid-refund, the same key refunds once", async () => {
    const auth = { authorization: `Bearer ${await token()}` };
    const pay = await send(
      "POST",
      "/v1/payments",
      { items: [{ account_id: co.accounts[40]!.id, amount: 500_00 }], method: "card" },
      { ...auth, "idempotency-key": `crash-refund-pay-${randomUUID()}` },
    );
    expect(pay!.status).toBe(201);
    await payOnPage(pay!.body.confirmation_url, "4242424242424242");
    for (let i = 0; i < 100; i++) {
      const [p] = await conn.db.select().from(payments).where(eq(payments.id, pay!.body.id));
      if (p!.status === "succeeded") break;
      await sleep(100);
    }
    // An admin refunds (refunds are the admin's).
    const admin = await send(
      "POST",
      "/v1/auth/sign-in",
      { login: co.admin.login, password: TEST_PASSWORD },
      {},
    );
    const adminAuth = { authorization: `Bearer ${admin!.body.access_token}` };
    const key = `crash-refund-${randomUUID()}`;
    const inFlight = send(
      "POST",
      `/v1/payments/${pay!.body.id}/refunds`,
      { amount: 200_00 },
      {
        ...adminAuth,
        "idempotency-key": key,
      },
    );
    await sleep(30);
    await kill9();
    await inFlight;
    await serve();
    const done = await retry(
      "POST",
      `/v1/payments/${pay!.body.id}/refunds`,
      { amount: 200_00 },
      {
        ...adminAuth,
        "idempotency-key": key,
      },
    );
    expect(done.status).toBe(200);
    const again = await retry(
      "POST",
      `/v1/payments/${pay!.body.id}/refunds`,
      { amount: 200_00 },
      {
        ...adminAuth,
        "idempotency-key": key,
      },
    );
    expect(again.body).toEqual(done.body);
    const refunds = await conn.db
      .select()
      .from(paymentRefunds)
      .where(eq(paymentRefunds.paymentId, pay!.body.id));
    expect(refunds.map((r) => [r.status, r.amount])).toEqual([["succeeded", 200_00]]);
    const [p] = await conn.db.select().from(payments).where(eq(payments.id, pay!.body.id));
    expect(p!.refundedAmount).toBe(200_00);
    expect(await accountsOffLedger(conn.db, co.id)).toBe(0);
    await kill9();
  }, 240_000);

  it("billing: `lk billing run` killed mid-run reads stale, `lk billing resume` finishes it, one invoice per account", async () => {
    const tariff = await makeTariff(conn, { monthlyFee: 50_000 });
    for (const a of co.accounts)
      await makeService(conn, {
        companyId: co.id,
        accountId: a.id,
        tariffId: tariff.id,
        connectedAt: new Date("2026-01-01"),
      });
    const run = lk(["billing", "run", "--period", "2026-10", "--batch-size", "20"]);
    let row: typeof billingRuns.$inferSelect | undefined;
    for (let i = 0; i < 600; i++) {
      [row] = await conn.db.select().from(billingRuns).where(eq(billingRuns.period, "2026-10"));
      if (row && row.processedAccounts >= 60) break;
      await sleep(50);
    }
    await kill9(run);
    [row] = await conn.db.select().from(billingRuns).where(eq(billingRuns.id, row!.id));
    expect(row!.status).toBe("running");
    expect(row!.processedAccounts).toBeLessThan(co.accounts.length);

    const list = async () => {
      const p = lk(["billing", "runs", "--json"]);
      let out = "";
      p.stdout!.on("data", (d) => (out += d));
      await new Promise((r) => p.once("exit", r));
      return JSON.parse(out) as { id: string; status: string }[];
    };
    await sleep(2_500);
    expect((await list()).find((r) => r.id === row!.id)?.status).toBe("stale");
    const resume = lk(["billing", "resume", row!.id]);
    const code = await new Promise<number | null>((r) => resume.once("exit", r));
    expect(code).toBe(0);
    expect((await list()).find((r) => r.id === row!.id)?.status).toBe("completed");
    const issued = await conn.db
      .select({ accountId: invoices.accountId })
      .from(invoices)
      .where(and(eq(invoices.companyId, co.id), eq(invoices.period, "2026-10")));
    expect(issued).toHaveLength(co.accounts.length);
    expect(new Set(issued.map((i) => i.accountId)).size).toBe(co.accounts.length);
    expect(await accountsOffLedger(conn.db, co.id)).toBe(0);
    // Nothing left pending without an acquirer id by the kills above.
    const stuck = await conn.db
      .select()
      .from(payments)
      .where(
        and(
          eq(payments.companyId, co.id),
          eq(payments.status, "pending"),
          isNull(payments.acquirerPaymentId),
        ),
      );
    expect(stuck).toEqual([]);
  }, 300_000);
});
