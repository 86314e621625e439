/**
 * Graceful shutdown (issue #20): readiness turns false first, the port stops accepting, requests in
 * flight are answered, a job batch commits or rolls back, and nothing is left half-written.
 * In process on both databases (startServer over this file's database, the real sandbox acquirer
 * over HTTP), and as an operator sees it on PostgreSQL: SIGTERM to a running `lk serve`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { accountsOffLedger, makeCompany, makeService, makeTariff, TEST_PASSWORD } from "@lk/core/testing";
import { invoices, payments } from "@lk/db";
import { createTestDatabase, createTestDatabaseUrl } from "@lk/db/testing";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger, startSandboxServer } from "../../acquirer-sandbox/src/index";
import { loadConfig } from "../src/config";
import { startServer } from "../src/server";
import { OPERATOR_KEY } from "./helpers";
import { freePort } from "./processes";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

/** What a client saw: a whole answer, or a refused connection — never a connection cut mid-answer. */
type Seen = { status: number } | { refused: true } | { broken: string };
async function send(url: string, init: RequestInit): Promise<Seen> {
  try {
    const res = await fetch(url, init);
    await res.text();
    return { status: res.status };
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code ?? String(e);
    return code === "ECONNREFUSED" ? { refused: true } : { broken: code };
  }
}

describe("graceful shutdown in process", () => {
  it("answers every payment in flight and lets the billing batch finish; nothing half-written", async () => {
    const conn = await createTestDatabase();
    const [port, acquirerPort] = [await freePort(), await freePort()];
    const api = `http://127.0.0.1:${port}`;
    const sandbox = await startSandboxServer(
      {
        shops: { shop: "secret" },
        logger: silentLogger,
        publicUrl: `http://127.0.0.1:${acquirerPort}`,
      },
      { port: acquirerPort, hostname: "127.0.0.1" },
    );
    const config = loadConfig({
      PORT: String(port),
      HOST: "127.0.0.1",
      LK_PUBLIC_URL: api,
      LK_OPERATOR_KEY: OPERATOR_KEY,
      LK_LOG_LEVEL: "silent",
      LK_SCRYPT_N: "1024",
      LK_COOKIE_SECURE: "false",
      ACQUIRER_URL: sandbox.url,
      ACQUIRER_SHOP_ID: "shop",
      ACQUIRER_SECRET: "secret",
      LK_SHUTDOWN_DRAIN_MS: "300",
      // Generous: on a loaded CI machine the burst may take long; the bound itself is not under test.
      LK_SHUTDOWN_TIMEOUT_MS: "120000",
    });
    const server = await startServer(config, { conn, jobs: false, migrate: false });
    try {
      const co = await makeCompany(conn, { billingSystem: "credit", accountsPerGroup: 10 });
      const tariff = await makeTariff(conn, { monthlyFee: 50_000 });
      for (const a of co.accounts)
        await makeService(conn, {
          companyId: co.id,
          accountId: a.id,
          tariffId: tariff.id,
          connectedAt: new Date("2026-01-01"),
        });
      const signIn = await fetch(`${api}/v1/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ login: co.accountant.login, password: TEST_PASSWORD }),
      });
      const token = ((await signIn.json()) as { access_token: string }).access_token;
      const run = await fetch(`${api}/v1/operator/billing/runs`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-operator-key": OPERATOR_KEY },
        body: JSON.stringify({ period: "2026-10" }),
      });
      expect(run.status).toBe(202);
      const burst = Array.from({ length: 30 }, (_, i) =>
        send(`${api}/v1/payments`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            authorization: `Bearer ${token}`,
            "idempotency-key": `shutdown-${randomUUID()}`,
          },
          body: JSON.stringify({
            items: [{ account_id: co.accounts[i % co.accounts.length]!.id, amount: 100_00 + i }],
            method: "card",
          }),
        }),
      );
      // Shutdown starts once the server has taken every request of the burst (on a real deployment the
      // drain delay gives the load balancer that time; connections it never accepted are the kernel's).
      const taken = async () => {
        const answered = (await server.app.deps.metrics.httpRequests.get()).values
          .filter((v) => v.labels.route === "/v1/payments")
          .reduce((n, v) => n + v.value, 0);
        return answered + (await server.app.deps.metrics.httpInFlight.get()).values[0]!.value;
      };
      for (let i = 0; i < 600 && (await taken()) < 30; i++) await new Promise((r) => setTimeout(r, 20));
      const closing = server.close();
      // Draining: readiness already says no while the port still answers.
      const ready = await send(`${api}/readyz`, {});
      await closing;
      const seen = await Promise.all(burst);
      expect(ready).toEqual({ status: 503 });
      expect(seen.filter((s) => "broken" in s)).toEqual([]);
      const created = seen.filter((s) => "status" in s && s.status === 201).length;
      expect(created).toBeGreaterThan(0);
      // Every payment the API created got its acquirer id: none left pending half-made.
      const rows = await conn.db.select().from(payments).where(eq(payments.companyId, co.id));
      expect(rows.length).toBe(created);
      expect(rows.filter((p) => p.acquirerPaymentId === null)).toEqual([]);
      // The billing run's batches committed whole (or rolled back whole): balances equal their entries.
      expect(await accountsOffLedger(conn.db, co.id)).toBe(0);
      const issued = await conn.db
        .select({ accountId: invoices.accountId })
        .from(invoices)
        .where(and(eq(invoices.companyId, co.id), isNull(invoices.paidAt)));
      expect(new Set(issued.map((r) => r.accountId)).size).toBe(issued.length);
      // After shutdown the port refuses.
      expect(await send(`${api}/healthz`, {})).toEqual({ refused: true });
    } finally {
      await server.close();
      await sandbox.close();
      await conn.close();
    }
  }, 180_000);
});

let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill("SIGKILL");
});

describe.skipIf(!process.env.DATABASE_URL)("SIGTERM to lk serve (PostgreSQL)", () => {
  it("turns readiness off, answers the requests in flight, and exits 0", async () => {
    const url = await createTestDatabaseUrl();
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ["--import", "tsx", "apps/api/src/cli/main.ts", "serve"], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url!,
        PORT: String(port),
        HOST: "127.0.0.1",
        LK_OPERATOR_KEY: OPERATOR_KEY,
        LK_LOG_LEVEL: "info",
        LK_SHUTDOWN_DRAIN_MS: "500",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    for (let i = 0; i < 300 && !out.includes('"msg":"listening"'); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('"msg":"listening"');
    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    // Sign-ins are slow on purpose (scrypt): they are still in flight when SIGTERM arrives.
    const burst = Array.from({ length: 12 }, () =>
      send(`${api}/v1/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ login: `nobody-${randomUUID()}`, password: "Wrong-Password-1" }),
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 100));
    expect(await send(`${api}/readyz`, {})).toEqual({ status: 503 });
    const seen = await Promise.all(burst);
    expect(seen.filter((s) => "broken" in s)).toEqual([]);
    expect(seen.every((s) => "refused" in s || ("status" in s && s.status === 401))).toBe(true);
    expect(await exited).toBe(0);
    expect(out).toMatch(/"msg":"stopped".*"outcome":"drained"/);
  }, 60_000);
});
