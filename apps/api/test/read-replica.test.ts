/**
 * Read replicas (issue #20): call pages, statistics, exports and documents are read from the
 * streaming replica (DATABASE_READ_URL) while money is written on the primary; a replica that is
 * unreachable or stopped costs the user nothing — the primary answers.
 * The replica runs need CI's replica (scripts/pg-replica.sh, LK_TEST_REPLICA_URL); the fallback to
 * an unreachable replica runs on every PostgreSQL pass.
 */
import { execFileSync } from "node:child_process";
import { makeCompany, TEST_PASSWORD, type TestCompany } from "@lk/core/testing";
import { connect } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPhoneLines, csv } from "../../../packages/core/test/calls-fixtures";
import { createApp } from "../src/app";
import { ConfigError, loadConfig } from "../src/config";
import { call, createTestApp, OPERATOR_KEY, operator, signIn, type TestApp } from "./helpers";

const HEADER = ["record_id", "started_at", "duration_sec", "direction", "caller", "callee"];

async function seedCalls(t: TestApp, co: TestCompany) {
  const lines = await addPhoneLines(t.conn, co);
  const rows = lines.flatMap((l, i) => [
    [`r${i}-${co.id}`, `2026-10-0${1 + (i % 5)}T09:00:00Z`, 61, "outgoing", l.number, "+74957654321"],
    [`s${i}-${co.id}`, `2026-10-1${i % 9}T15:30:00Z`, 200, "outgoing", l.number, "+79161234567"],
  ]);
  const res = await t.app.request("/v1/operator/calls/import", {
    method: "POST",
    headers: { ...operator.headers, "content-type": "text/csv" },
    body: csv([HEADER, ...rows]),
  });
  expect(res.status).toBe(200);
  return rows.length;
}

describe("DATABASE_READ_URL configuration", () => {
  it("needs a primary", () => {
    expect(() => loadConfig({ DATABASE_READ_URL: "postgres://x@127.0.0.1:5433/db" })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_READ_URL: "postgres://x@127.0.0.1:5433/db" })).toThrow(
      /DATABASE_READ_URL/,
    );
  });
});

describe.skipIf(!process.env.DATABASE_URL)("an unreachable replica", () => {
  it("reads from the primary without an error to the user", async () => {
    const conn = await createTestDatabase();
    // Nothing listens on port 1: every connection to the "replica" is refused.
    const readConn = await connect({ url: "postgres://postgres@127.0.0.1:1/none", max: 1 });
    const config = loadConfig({
      LK_OPERATOR_KEY: OPERATOR_KEY,
      LK_LOG_LEVEL: "silent",
      LK_SCRYPT_N: "1024",
      DATABASE_URL: "postgres://unused@127.0.0.1/unused",
      DATABASE_READ_URL: "postgres://postgres@127.0.0.1:1/none",
    });
    const app = createApp({ conn, config, readConn });
    const t = { app, conn } as TestApp;
    try {
      const co = await makeCompany(conn);
      const n = await seedCalls(t, co);
      const token = await signIn(app, co.viewer.login, TEST_PASSWORD);
      const page = await call(app, "GET", "/v1/calls?period=2026-10&limit=100", undefined, { token });
      expect(page.status).toBe(200);
      expect(page.body.data).toHaveLength(n);
      expect(app.deps.replica.state()).toMatchObject({ configured: true, usable: false });
    } finally {
      await readConn.close().catch(() => {});
      await conn.close();
    }
  });
});

describe.skipIf(!process.env.LK_TEST_REPLICA_URL)("the streaming replica (LK_TEST_REPLICA_URL)", () => {
  let t: TestApp;
  let co: TestCompany;
  let accountant: string;
  let calls: number;
  beforeAll(async () => {
    t = await createTestApp();
    co = await makeCompany(t.conn, { accountsPerGroup: 2 });
    calls = await seedCalls(t, co);
    accountant = await signIn(t.app, co.accountant.login, TEST_PASSWORD);
  });
  afterAll(() => t.close());

  it("serves call pages, statistics, exports and documents while payments write on the primary", async () => {
    const before = t.app.deps.replica.state().replicaReads;
    const writes = Array.from({ length: 10 }, (_, i) =>
      call(
        t.app,
        "POST",
        "/v1/operator/ledger/adjustments",
        {
          account_id: co.accounts[i % co.accounts.length]!.id,
          amount: 1_000 + i,
          description: "replica test",
        },
        { headers: { ...operator.headers, "idempotency-key": `replica-write-${co.id}-${i}` } },
      ),
    );
    const reads = await Promise.all([
      call(t.app, "GET", "/v1/calls?period=2026-10&limit=1000", undefined, { token: accountant }),
      call(t.app, "GET", "/v1/calls/summary?period=2026-10", undefined, { token: accountant }),
      call(t.app, "GET", "/v1/calls/stats?period=2026-10&by=day", undefined, { token: accountant }),
      t.app.request("/v1/calls/export?period=2026-10&format=csv", {
        headers: { authorization: `Bearer ${accountant}` },
      }),
      call(t.app, "GET", "/v1/documents", undefined, { token: accountant }),
    ]);
    type Json = Awaited<ReturnType<typeof call<any>>>;
    const [page, summary, stats, exported, documents] = reads as [Json, Json, Json, Response, Json];
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(calls);
    expect(summary.status).toBe(200);
    expect(stats.status).toBe(200);
    expect(exported.status).toBe(200);
    expect((await exported.text()).trim().split("\n").length).toBe(calls + 1);
    expect(documents.status).toBe(200);
    for (const w of await Promise.all(writes)) expect(w.status).toBeLessThan(300);
    const state = t.app.deps.replica.state();
    expect(state).toMatchObject({ configured: true, usable: true });
    expect(state.replicaReads - before).toBeGreaterThanOrEqual(5);
  });

  it("falls back to the primary while the replica is stopped, and returns to it", async () => {
    const script = new URL("../../../scripts/pg-replica.sh", import.meta.url).pathname;
    const expected = await call(t.app, "GET", "/v1/calls?period=2026-10&limit=1000", undefined, {
      token: accountant,
    });
    execFileSync("bash", [script, "stop"], { stdio: "ignore" });
    try {
      const page = await call(t.app, "GET", "/v1/calls?period=2026-10&limit=1000", undefined, {
        token: accountant,
      });
      expect(page.status).toBe(200);
      expect(page.body.data).toEqual(expected.body.data);
      expect(t.app.deps.replica.state().usable).toBe(false);
    } finally {
      execFileSync("bash", [script, "start"], { stdio: "ignore" });
    }
    for (let i = 0; i < 60 && !t.app.deps.replica.state().usable; i++) {
      await t.app.deps.replica.refresh(true);
      if (!t.app.deps.replica.state().usable) await new Promise((r) => setTimeout(r, 500));
    }
    expect(t.app.deps.replica.state().usable).toBe(true);
  }, 120_000);
});
