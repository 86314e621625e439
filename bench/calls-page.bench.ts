import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import postgres from "postgres";
import { BENCH_CALLS, callsDatabase, signInOver } from "./calls-setup";
import { fmt } from "./db";
import { loadFromAnotherProcess } from "./load";
import { serveProcess } from "./serve-process";

// One page of call details (one account, one month, 50 rows) under concurrent load: the API over
// real HTTP beside the same SQL run directly with postgres.js. Target: API ≥ 50 % of raw throughput.
// The clients run in a child process; the API runs as `lk serve [--workers N]` in its own.

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const common = { concurrency: CONCURRENCY, seconds: SECONDS, warmupSeconds: 2 };
/** `lk serve` worker counts to measure (BENCH_WORKERS=1,2). */
const WORKERS = (process.env.BENCH_WORKERS ?? "1,2").split(",").map(Number);

export default async function run() {
  const accounts = 2000;
  const db = await callsDatabase("calls_page", { calls: BENCH_CALLS, accounts, months: 12 });
  console.log(
    `${fmt(db.inserted, 0)} calls, ${accounts} accounts, 12 months; generated and loaded by COPY in ${fmt(db.loadSec)} s (${fmt(db.inserted / db.loadSec, 0)} rows/s)`,
  );
  // A month in the middle of the range and accounts with calls in it.
  const mid = new Date((db.from.getTime() + db.to.getTime()) / 2);
  const period = `${mid.getUTCFullYear()}-${String(mid.getUTCMonth() + 1).padStart(2, "0")}`;
  const from = new Date(Date.UTC(mid.getUTCFullYear(), mid.getUTCMonth(), 1));
  const to = new Date(Date.UTC(mid.getUTCFullYear(), mid.getUTCMonth() + 1, 1));
  const sample = (await db.conn.db.execute(
    sql`SELECT account_id, count(*)::int AS n FROM calls WHERE company_id = ${db.co.id} AND started_at >= ${from.toISOString()} AND started_at < ${to.toISOString()}
        GROUP BY 1 HAVING count(*) >= 50 ORDER BY random() LIMIT 200`,
  )) as unknown as { account_id: string; n: number }[];
  console.log(
    `period ${period}; ${sample.length} accounts sampled with ≥ 50 calls that month; ${CONCURRENCY} concurrent clients, ${SECONDS} s each`,
  );

  // Both sides are loaded by the same client code in a separate process (bench/load-client.ts).
  const query = `SELECT c.id, c.account_id, a.number, c.service_id, c.started_at, c.duration_sec, c.billable_sec, c.direction,
                   c.caller, c.callee, c.destination_type, c.cost
              FROM calls c JOIN accounts a ON a.id = c.account_id
             WHERE c.company_id = $1 AND c.account_id = $2 AND c.started_at >= $3 AND c.started_at < $4
             ORDER BY c.started_at, c.id LIMIT 51`;
  const params = (accountId: string) => [db.co.id, accountId, from.toISOString(), to.toISOString()];
  const rawResult = await loadFromAnotherProcess({
    ...common,
    kind: "sql",
    databaseUrl: db.url,
    pool: 10,
    query,
    params: sample.map((s) => params(s.account_id)),
  });

  // The floor of any Node HTTP API here: a bare Hono route running the same SQL with postgres.js
  // and answering JSON — no auth, validation, or mapping. Shows what the HTTP hop itself costs.
  const floorSql = postgres(db.url, { max: 20, onnotice: () => {} });
  const bare = new Hono().get("/calls", async (c) => {
    const found = await floorSql.unsafe(query, params(c.req.query("account_id")!), { prepare: true });
    return c.json({ data: found.slice(0, 50), next_cursor: null });
  });
  const bareServer = serve({ fetch: bare.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => bareServer.once("listening", () => r()));
  const bareBase = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;
  const floorResult = await loadFromAnotherProcess({
    ...common,
    kind: "http",
    urls: sample.map((s) => `${bareBase}/calls?account_id=${s.account_id}`),
    headers: {},
  });
  await new Promise<void>((r) => bareServer.close(() => r()));
  await floorSql.end();

  // The API as `lk serve` runs it, in processes of its own: one worker, then one per core.
  const apiRuns: { workers: number; result: typeof rawResult }[] = [];
  for (const workers of WORKERS) {
    const server = await serveProcess(db.url, workers);
    const token = await signInOver(server.base, db.co);
    const result = await loadFromAnotherProcess({
      ...common,
      kind: "http",
      urls: sample.map((s) => `${server.base}/v1/calls?period=${period}&account_id=${s.account_id}&limit=50`),
      headers: { authorization: `Bearer ${token}` },
    });
    await server.close();
    apiRuns.push({ workers, result });
  }
  await db.conn.close();

  const row = (name: string, r: typeof rawResult) =>
    `${name.padEnd(28)} ${fmt(r.rps, 0).padStart(8)} req/s   p50 ${fmt(r.p50, 2).padStart(7)} ms   p99 ${fmt(r.p99, 2).padStart(7)} ms`;
  console.log(row("raw SQL (postgres.js)", rawResult));
  console.log(row("bare Hono + same SQL (floor)", floorResult));
  for (const { workers, result } of apiRuns) {
    console.log(row(`GET /v1/calls, ${workers} worker${workers > 1 ? "s" : ""}`, result));
  }
  for (const { workers, result } of apiRuns) {
    const share = result.rps / rawResult.rps;
    console.log(
      `API with ${workers} worker${workers > 1 ? "s" : ""} keeps ${fmt(share * 100, 0)} % of raw throughput (target ≥ 50 %) — ${share >= 0.5 ? "OK" : "BELOW TARGET"}; ${fmt((result.rps / floorResult.rps) * 100, 0)} % of the bare floor`,
    );
  }
  console.log(
    `the bare HTTP floor (one process) keeps ${fmt((floorResult.rps / rawResult.rps) * 100, 0)} % of raw`,
  );
}
