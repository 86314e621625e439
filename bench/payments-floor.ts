// The payments benchmark's floor: the same payers, the same HTTP exchanges between three processes
// (create → acquirer → hosted page → signed notification) and the least database work a ledger
// credit needs (one INSERT at create, one atomic statement at notification), and none of the
// product's checks: once over bare node:http and postgres.js, once on the product's stack (Hono,
// drizzle). What the machine allows for this flow at all; the product's figure is printed beside it.
import { readFileSync } from "node:fs";
import { type Connection, rows } from "@lk/db";
import { sql } from "drizzle-orm";
import type { PayersSpec } from "./payments-payers";
import { type ProcStats, startProc } from "./payments-procs";

export interface FloorResult {
  perSecond: number;
  cpuMs: { api: number; postgres: number; acquirer: number; payers: number };
}

export async function runFloor(
  conn: Connection,
  url: string,
  opts: {
    payers: number;
    payments: number;
    pool: string;
    accountIds: string[];
    stack: boolean;
    method?: "card" | "sbp";
  },
): Promise<FloorResult> {
  await conn.db.execute(sql`DROP SCHEMA IF EXISTS bench_floor CASCADE`);
  await conn.db.execute(sql`CREATE SCHEMA bench_floor`);
  await conn.db.execute(
    sql`CREATE TABLE bench_floor.accounts (id uuid PRIMARY KEY, balance bigint NOT NULL DEFAULT 0)`,
  );
  await conn.db.execute(sql`CREATE TABLE bench_floor.payments (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES bench_floor.accounts, amount bigint NOT NULL CHECK (amount > 0),
    status text NOT NULL DEFAULT 'pending', created_at timestamptz NOT NULL DEFAULT now())`);
  await conn.db.execute(sql`CREATE TABLE bench_floor.ledger (id bigserial PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES bench_floor.accounts, payment_id uuid NOT NULL UNIQUE REFERENCES bench_floor.payments,
    amount bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  await conn.db.execute(
    sql`INSERT INTO bench_floor.accounts (id) SELECT unnest(${`{${opts.accountIds.join(",")}}`}::uuid[])`,
  );

  const stack = { BENCH_FLOOR_STACK: opts.stack ? "1" : "0" };
  const acquirer = await startProc("payments-floor-acquirer.ts", stack);
  const api = await startProc("payments-floor-api.ts", {
    ...stack,
    BENCH_DB_URL: url,
    BENCH_SANDBOX_URL: String(acquirer.ready.url),
    BENCH_POOL: opts.pool,
  });
  const payers = await startProc("payments-payers.ts", {});
  try {
    const cpu = async () => {
      const [a, q, p] = await Promise.all([api, acquirer, payers].map((x) => x.ask<ProcStats>("stats")));
      return {
        api: a!.cpu,
        acquirer: q!.cpu,
        payers: p!.cpu,
        postgres: await backendsCpu(conn, "lk-bench-floor"),
      };
    };
    const spec: PayersSpec = {
      apiUrls: [String(api.ready.url)],
      token: "none",
      accountIds: opts.accountIds,
      payers: opts.payers,
      payments: opts.payments,
      keyPrefix: "floor",
      method: opts.method ?? "card",
    };
    const before = await cpu();
    const started = performance.now();
    await payers.ask("pay", { spec });
    await acquirer.ask("idle");
    const seconds = (performance.now() - started) / 1000;
    const after = await cpu();
    const [check] = await rows<{ paid: number; broken: number }>(
      conn.db,
      sql`SELECT (SELECT count(*)::int FROM bench_floor.payments WHERE status = 'succeeded') AS paid,
        (SELECT count(*)::int FROM bench_floor.accounts a
          WHERE a.balance <> (SELECT COALESCE(SUM(amount), 0) FROM bench_floor.ledger e WHERE e.account_id = a.id)) AS broken`,
    );
    if (check!.paid !== opts.payments || check!.broken !== 0)
      throw new Error(`payments floor: ${check!.paid}/${opts.payments} paid, ${check!.broken} balances off`);
    const per = (k: keyof typeof before) => ((after[k] - before[k]) * 1000) / opts.payments;
    return {
      perSecond: opts.payments / seconds,
      cpuMs: { api: per("api"), postgres: per("postgres"), acquirer: per("acquirer"), payers: per("payers") },
    };
  } finally {
    await Promise.all([payers.stop(), api.stop(), acquirer.stop()]);
    await conn.db.execute(sql`DROP SCHEMA bench_floor CASCADE`);
  }
}

/**
 * CPU seconds so far of the PostgreSQL backends of one application_name (from /proc), only those
 * connected to `database` when given (other engineers' tests use the same application name).
 */
export async function backendsCpu(
  conn: Connection,
  applicationName: string,
  database?: string,
): Promise<number> {
  const pids = await rows<{ pid: number }>(
    conn.db,
    sql`SELECT pid FROM pg_stat_activity WHERE application_name = ${applicationName}
          AND (${database ?? null}::text IS NULL OR datname = ${database ?? null}::text)`,
  );
  let ticks = 0;
  for (const { pid } of pids) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // a backend that exited, or another machine's server: not counted
    }
  }
  return ticks / 100;
}
