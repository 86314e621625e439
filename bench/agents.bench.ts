import { readFileSync } from "node:fs";
import { Agent as HttpAgent, request } from "node:http";
import { cpus as cpuList, loadavg } from "node:os";
import { accountsOffLedger, makeCompany } from "@lk/core/testing";
import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { countGatewayStatements } from "./agents-statements";
import { benchDatabase, fmt, percentiles } from "./db";
import { backendsCpu } from "./payments-floor";
import { serveProcess } from "./serve-process";

// `pnpm bench agents`: the payment agents' gateway (docs/payment-agents.md) under 200 concurrent
// agents, each a registered agent with its own credentials, each sending check then pay for a new
// txn (and every tenth pay twice, as an agent retrying after a lost answer) against `lk serve` on
// PostgreSQL. Prints payments/s and the latency percentiles of check and pay beside the issue's
// goal (p99 < 250 ms), then checks the ledger: every balance equals the sum of its entries and the
// credited total equals the sum the agents were answered for — exactly, in kopecks.

const AGENTS = Number(process.env.BENCH_AGENTS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
// 0 (the default): each agent sends its next check+pay as soon as the last is answered — the
// saturation test, where latency is the queue (agents ÷ payments/s). N: each agent starts one
// payment every N ms at most (200 agents at 2 000 ms offer 100 payments/s) — latency below saturation.
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 0);
const OPERATOR_KEY = "op_bench_operator_key_0123456789";
const GOAL_P99_MS = 250;

/**
 * CPU seconds (user + system) of a process and its children so far (Linux /proc, ticks of 1/100 s):
 * `lk serve` with its cluster workers. On a shared machine latency says how busy the others are;
 * CPU per payment says what one payment costs.
 */
function treeCpu(pid: number): number {
  let ticks = 0;
  const walk = (p: number) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
      for (const c of readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/))
        if (c) walk(Number(c));
    } catch {
      // exited meanwhile
    }
  };
  walk(pid);
  return ticks / 100;
}

export default async function run() {
  const { conn, url } = await benchDatabase("agents", 4);
  const company = await makeCompany(conn, { accountsPerGroup: 100 });
  const accounts = company.accounts.map((a) => a.number);
  const api = await serveProcess(url, WORKERS, {
    LK_TRUST_PROXY: "false",
    LK_DB_POOL: process.env.BENCH_POOL ?? "10",
  });
  const http = new HttpAgent({ keepAlive: true, maxSockets: AGENTS + 10 });
  const get = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      request(`${api.base}${path}`, { agent: http, headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          body += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
        .on("error", reject)
        .end();
    });
  try {
    // 200 agents, registered through the operator API, allowed from this machine.
    const creds: string[] = [];
    const register = async (i: number) => {
      const r = await fetch(`${api.base}/v1/operator/agents`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-operator-key": OPERATOR_KEY },
        body: JSON.stringify({
          login: `bench-agent-${i}`,
          name: `Агент ${i}`,
          allowed_sources: ["127.0.0.1/32", "::1/128"],
          commission_bp: 50,
          timeout_ms: 60_000,
        }),
      });
      const a = (await r.json()) as { login: string; secret: string };
      if (r.status !== 201) throw new Error(`agent: ${r.status} ${JSON.stringify(a)}`);
      creds[i] = `Basic ${Buffer.from(`${a.login}:${a.secret}`).toString("base64")}`;
    };
    for (let i = 0; i < AGENTS; i += 20)
      await Promise.all(Array.from({ length: Math.min(20, AGENTS - i) }, (_, k) => register(i + k)));

    const checkMs: number[] = [];
    const payMs: number[] = [];
    let paid = 0;
    let answeredTotal = 0; // kopecks the agents were told were credited (first answers only)
    let failures = 0;
    const failed = new Map<string, number>(); // "HTTP status/result" → count, to say what failed
    const fail = (status: number, xml: string) => {
      failures++;
      const k = `${status}/${result(xml)}`;
      failed.set(k, (failed.get(k) ?? 0) + 1);
    };
    let recording = false;
    let stop = false;
    const result = (xml: string) => Number(/<result>(\d+)<\/result>/.exec(xml)?.[1] ?? -1);
    const prv = (xml: string) => /<prv_txn>(\d+)<\/prv_txn>/.exec(xml)?.[1];

    const agentLoop = async (n: number) => {
      const headers = { authorization: creds[n]! };
      let next = performance.now() + Math.random() * PACE_MS; // paced agents start spread out
      for (let k = 0; !stop; k++) {
        if (PACE_MS > 0) {
          const wait = next - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          next = Math.max(next, performance.now()) + PACE_MS;
          if (stop) break;
        }
        const account = accounts[(n * 7 + k) % accounts.length]!;
        const kopecks = 100 + ((n * 131 + k * 17) % 500_000);
        const sum = `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, "0")}`;
        const txn = `${n}${String(k).padStart(9, "0")}`;
        let t0 = performance.now();
        const c = await get(
          `/v1/agent-gateway/osmp?command=check&txn_id=${txn}&account=${account}&sum=${sum}`,
          headers,
        );
        if (recording) checkMs.push(performance.now() - t0);
        if (c.status !== 200 || result(c.body) !== 0) fail(c.status, c.body);
        t0 = performance.now();
        const q = `/v1/agent-gateway/osmp?command=pay&txn_id=${txn}&account=${account}&sum=${sum}&txn_date=20261205120000`;
        const p = await get(q, headers);
        if (recording) payMs.push(performance.now() - t0);
        if (p.status !== 200 || result(p.body) !== 0) {
          fail(p.status, p.body);
          continue;
        }
        answeredTotal += kopecks;
        if (recording) paid++;
        if (k % 10 === 0) {
          const again = await get(q, headers); // a retry: the same prv_txn, no second credit
          // A repeat may be answered 1 (retry later): a failure counted like any other. Answered 0
          // with another prv_txn, it is a broken guarantee: the run stops and says so.
          if (again.status !== 200 || result(again.body) !== 0) fail(again.status, again.body);
          else if (prv(again.body) !== prv(p.body))
            throw new Error(
              `txn ${txn}: a repeat answered another prv_txn (${prv(again.body)} ≠ ${prv(p.body)})`,
            );
        }
      }
    };
    const counted = await countGatewayStatements(url, accounts[0]!);
    answeredTotal += counted.credited;
    console.log(
      `statements sent to PostgreSQL (BEGIN and COMMIT included): check ${counted.check}, pay ${counted.pay}, a repeated pay ${counted.repeat}`,
    );
    // Reference: one agent alone, check then pay one after another (no queueing).
    const alone: number[] = [];
    for (let k = 0; k < 30; k++) {
      const account = accounts[k % accounts.length]!;
      const t0 = performance.now();
      await get(`/v1/agent-gateway/osmp?command=check&txn_id=solo${k}&account=${account}&sum=1.00`, {
        authorization: creds[0]!,
      });
      const p = await get(
        `/v1/agent-gateway/osmp?command=pay&txn_id=solo${k}&account=${account}&sum=1.00&txn_date=20261205120000`,
        { authorization: creds[0]! },
      );
      if (result(p.body) !== 0) throw new Error(`solo pay: ${p.body}`);
      answeredTotal += 100;
      alone.push(performance.now() - t0);
    }
    const loadBefore = loadavg()[0]!;
    // A loop that throws stops them all; the error is thrown after they end, so that `finally`
    // still stops the server (an unhandled rejection used to leave `lk serve` running).
    let broken: unknown;
    const loops = Array.from({ length: AGENTS }, (_, n) =>
      agentLoop(n).catch((e: unknown) => {
        broken ??= e;
        stop = true;
      }),
    );
    await new Promise((r) => setTimeout(r, WARMUP * 1000));
    const dbName = new URL(url).pathname.slice(1);
    const cpu0 = {
      api: treeCpu(api.pid),
      pg: await backendsCpu(conn, "lk-business", dbName),
      client: process.cpuUsage(),
    };
    recording = true;
    const started = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    recording = false;
    const elapsed = (performance.now() - started) / 1000;
    const client = process.cpuUsage(cpu0.client);
    const cpu = {
      api: treeCpu(api.pid) - cpu0.api,
      pg: (await backendsCpu(conn, "lk-business", dbName)) - cpu0.pg,
      client: (client.user + client.system) / 1e6,
    };
    stop = true;
    await Promise.all(loops);
    if (broken) throw broken;

    const pc = percentiles(checkMs);
    const pp = percentiles(payMs);
    const pa = percentiles(alone);
    console.log(
      `one agent alone: check+pay p50 ${fmt(pa.p50)} ms, p99 ${fmt(pa.p99)} ms (n ${pa.n}) — one payment without queueing`,
    );
    console.log(
      `${AGENTS} concurrent agents ${PACE_MS > 0 ? `each starting a payment every ${fmt(PACE_MS / 1000, 2)} s (offered ${fmt((AGENTS * 1000) / PACE_MS)} payments/s)` : "back to back"}, ${WORKERS} API worker(s), PostgreSQL, ${fmt(elapsed)} s measured; load average ${fmt(loadBefore)} before, ${fmt(loadavg()[0]!)} after, on ${cpuList().length} CPUs`,
    );
    console.log(
      `  payments/s:  ${fmt(paid / elapsed)}  (${paid} payments; ${failures} answers other than 0${failures ? `: ${[...failed].map(([k, n]) => `${n}× HTTP/result ${k}`).join(", ")}` : ""})`,
    );
    console.log(
      `  check ms:    p50 ${fmt(pc.p50)}  p90 ${fmt(pc.p90)}  p99 ${fmt(pc.p99)}  max ${fmt(pc.max)}  (n ${pc.n})`,
    );
    console.log(
      `  pay ms:      p50 ${fmt(pp.p50)}  p90 ${fmt(pp.p90)}  p99 ${fmt(pp.p99)}  max ${fmt(pp.max)}  (n ${pp.n})`,
    );
    const per = (sec: number) => fmt((sec * 1000) / Math.max(paid, 1), 2);
    console.log(
      `  CPU per payment (check + pay): API ${per(cpu.api)} ms, PostgreSQL backends ${per(cpu.pg)} ms, this load generator ${per(cpu.client)} ms — ${fmt(((cpu.api + cpu.pg + cpu.client) / elapsed) * 100, 0)} % of one CPU in all`,
    );
    const worst = Math.max(pc.p99, pp.p99);
    console.log(
      `  goal:        p99 < ${GOAL_P99_MS} ms → ${worst < GOAL_P99_MS ? "met" : "NOT met"} (worst p99 ${fmt(worst)} ms)`,
    );

    // The ledger after the run.
    const off = await accountsOffLedger(conn.db);
    const [t] = await rows<{
      credited: string;
      entries: string;
      balances: string;
      txns: string;
      payments: string;
    }>(
      conn.db,
      sql`SELECT (SELECT COALESCE(SUM(amount), 0) FROM agent_payments)::text AS credited,
        (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE kind = 'payment')::text AS entries,
        (SELECT COALESCE(SUM(balance), 0) FROM accounts)::text AS balances,
        (SELECT count(*) FROM agent_payments)::text AS txns,
        (SELECT count(*) FROM payments WHERE source = 'agent' AND status = 'succeeded')::text AS payments`,
    );
    const exact =
      off === 0 &&
      BigInt(t!.credited) === BigInt(answeredTotal) &&
      BigInt(t!.entries) === BigInt(answeredTotal) &&
      BigInt(t!.balances) === BigInt(answeredTotal) &&
      t!.txns === t!.payments;
    console.log(
      `  ledger:      ${off} accounts off their entries; credited ${t!.credited} = answered ${answeredTotal} = entries ${t!.entries} = balances ${t!.balances} kopecks; ${t!.txns} txns, ${t!.payments} payments → ${exact ? "exact" : "NOT exact"}`,
    );
    if (!exact) throw new Error("ledger invariant broken after the agents' run");
  } finally {
    http.destroy();
    await api.close();
    await conn.close();
  }
}
