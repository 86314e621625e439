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
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Every contender is measured once per round, rounds interleaved, and the median reported. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const common = { concurrency: CONCURRENCY, seconds: SECONDS, warmupSeconds: 2 };
/** `lk serve` worker counts to measure (BENCH_WORKERS=1,2). */
const WORKERS = (process.env.BENCH_WORKERS ?? "1,2").split(",").map(Number);
/** LK_DB_POOL values for the API (BENCH_DB_POOL=3,10); the raw SQL side tries the same sizes. */
const POOLS = (process.env.BENCH_DB_POOL ?? "3,10").split(",").map(Number);

type Result = Awaited<ReturnType<typeof loadFromAnotherProcess>>;
const median = (rs: Result[]) => [...rs].sort((a, b) => a.rps - b.rps)[Math.floor(rs.length / 2)]!;

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

  const query = `SELECT c.id, c.account_id, a.number, c.service_id, c.started_at, c.duration_sec, c.billable_sec, c.direction,
                   c.caller, c.callee, c.destination_type, c.cost
              FROM calls c JOIN accounts a ON a.id = c.account_id
             WHERE c.company_id = $1 AND c.account_id = $2 AND c.started_at >= $3 AND c.started_at < $4
             ORDER BY c.started_at, c.id LIMIT 51`;
  const params = (accountId: string) => [db.co.id, accountId, from.toISOString(), to.toISOString()];
  // The contenders, each loaded by the same client code in a separate process
  // (bench/load-client.ts): the SQL straight through postgres.js at each pool size; a bare Hono
  // route running that SQL and answering JSON with no auth, validation or mapping (what the HTTP
  // hop itself costs); and the API as `lk serve` runs it, in processes of its own.
  const contenders: { name: string; kind: "raw" | "floor" | "api"; measure: () => Promise<Result> }[] = [];
  for (const pool of POOLS) {
    contenders.push({
      name: `raw SQL, pool ${pool}`,
      kind: "raw",
      measure: () =>
        loadFromAnotherProcess({
          ...common,
          kind: "sql",
          databaseUrl: db.url,
          pool,
          query,
          params: sample.map((s) => params(s.account_id)),
        }),
    });
  }
  const floorSql = postgres(db.url, { max: Math.min(...POOLS), onnotice: () => {} });
  const bare = new Hono().get("/calls", async (c) => {
    const found = await floorSql.unsafe(query, params(c.req.query("account_id")!), { prepare: true });
    return c.json({ data: found.slice(0, 50), next_cursor: null });
  });
  const bareServer = serve({ fetch: bare.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => bareServer.once("listening", () => r()));
  const bareBase = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;
  contenders.push({
    name: `bare Hono, pool ${Math.min(...POOLS)}`,
    kind: "floor",
    measure: () =>
      loadFromAnotherProcess({
        ...common,
        kind: "http",
        urls: sample.map((s) => `${bareBase}/calls?account_id=${s.account_id}`),
        headers: {},
      }),
  });
  const servers: Awaited<ReturnType<typeof serveProcess>>[] = [];
  const api = async (name: string, workers: number, env: Record<string, string>) => {
    const server = await serveProcess(db.url, workers, env);
    servers.push(server);
    const token = await signInOver(server.base, db.co);
    const urls = sample.map(
      (s) => `${server.base}/v1/calls?period=${period}&account_id=${s.account_id}&limit=50`,
    );
    contenders.push({
      name,
      kind: "api",
      measure: () =>
        loadFromAnotherProcess({
          ...common,
          kind: "http",
          urls,
          headers: { authorization: `Bearer ${token}` },
        }),
    });
  };
  for (const workers of WORKERS) {
    for (const pool of POOLS) {
      await api(`API, ${workers} worker${workers > 1 ? "s" : ""}, pool ${pool}`, workers, {
        LK_DB_POOL: String(pool),
      });
    }
  }
  // The set-up before session 4 (every session check made, 10 connections), beside the rest.
  if (process.env.BENCH_BASELINE !== "0") {
    await api("API, 1, pool 10, no cache", 1, { LK_DB_POOL: "10", LK_SESSION_CACHE_MS: "0" });
  }
  // Rounds interleave the contenders, so a slow minute of this shared VM hits them all alike.
  const results = contenders.map(() => [] as Result[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, c] of contenders.entries()) results[i]!.push(await c.measure());
  }
  for (const server of servers) await server.close();
  await new Promise<void>((r) => bareServer.close(() => r()));
  await floorSql.end();
  await db.conn.close();

  const rows = contenders.map((c, i) => ({ ...c, all: results[i]!, med: median(results[i]!) }));
  const best = (kind: string) =>
    rows.filter((r) => r.kind === kind).reduce((a, b) => (b.med.rps > a.med.rps ? b : a));
  const raw = best("raw");
  const floor = best("floor");
  console.log(`median of ${ROUNDS} interleaved rounds (each round's req/s in brackets)`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(26)} ${fmt(r.med.rps, 0).padStart(7)} req/s   p50 ${fmt(r.med.p50, 2).padStart(6)} ms   p99 ${fmt(r.med.p99, 2).padStart(6)} ms   [${r.all.map((x) => fmt(x.rps, 0)).join(", ")}]`,
    );
  }
  for (const r of rows.filter((x) => x.kind === "api")) {
    const share = r.med.rps / raw.med.rps;
    console.log(
      `${r.name} keeps ${fmt(share * 100, 0)} % of the best raw (${raw.name}; target ≥ 50 %) — ${share >= 0.5 ? "OK" : "BELOW TARGET"}; ${fmt((r.med.rps / floor.med.rps) * 100, 0)} % of the bare floor`,
    );
  }
  console.log(`the bare HTTP floor keeps ${fmt((floor.med.rps / raw.med.rps) * 100, 0)} % of the best raw`);
}
