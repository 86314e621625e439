import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp, loadConfig } from "@lk/api";
import { seedCalls } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import type { Connection } from "@lk/db";
import { sql } from "drizzle-orm";
import { benchDatabase } from "./db";

// Shared by the calls benchmarks: a company with many accounts, one phone line each, and N
// generated call records over some months, loaded by COPY into a fresh PostgreSQL database.

// Default 300 k (generated and loaded in ~20 s here); the full size is BENCH_CALLS=1000000.
export const BENCH_CALLS = Number(process.env.BENCH_CALLS ?? 300_000);

export async function callsDatabase(name: string, opts: { calls: number; accounts: number; months: number }) {
  const { conn, url } = await benchDatabase(name, 20);
  const co = await makeCompany(conn, { accountsPerGroup: Math.ceil(opts.accounts / 3) });
  await conn.db.execute(
    sql`INSERT INTO tariffs (code, name, kind, rounding) VALUES ('bench-tel', 'Телефония', 'telephony', 'per_minute')`,
  );
  await conn.db.execute(sql`INSERT INTO tariff_rates (tariff_id, destination_type, per_minute)
    SELECT id, d, p FROM tariffs, (VALUES ('local', 150), ('long_distance', 350), ('mobile', 250), ('international', 2500)) v(d, p)
    WHERE code = 'bench-tel'`);
  await conn.db.execute(sql`INSERT INTO services (company_id, account_id, tariff_id, kind, identifier, status, connected_at)
    SELECT a.company_id, a.id, t.id, 'telephony', '+7495' || lpad((row_number() OVER (ORDER BY a.number))::text, 7, '0'), 'active', '2020-01-01'
    FROM accounts a, tariffs t WHERE a.company_id = ${co.id} AND t.code = 'bench-tel'`);
  const started = performance.now();
  const res = await seedCalls(conn.db, opts.calls, { companyId: co.id, months: opts.months, seed: 7 });
  const loadSec = (performance.now() - started) / 1000;
  await conn.db.execute(sql`ANALYZE calls`);
  return { conn, url, co, loadSec, from: res.from, to: res.to, inserted: res.inserted };
}

/** The real app on an ephemeral port (the figures include the HTTP stack). */
export async function serveApp(conn: Connection) {
  const config = loadConfig({
    LK_OPERATOR_KEY: "op_bench_operator_key_0123456789",
    LK_LOG_LEVEL: "silent",
    LK_SCRYPT_N: "1024",
  });
  const app = createApp({ conn, config });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function signInOver(base: string, co: TestCompany): Promise<string> {
  const res = await fetch(`${base}/v1/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: co.viewer.login, password: co.viewer.password }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * Samples the process's RSS while `fn` runs: the peak and its growth over the RSS before (data
 * generation earlier in the same process leaves a baseline V8 does not hand back).
 */
export async function peakRss<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; peakMb: number; growthMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: peak / 1024 / 1024, growthMb: (peak - before) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}
