import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { makeCompany } from "@lk/core/testing";
import { signInOver } from "./calls-setup";
import { benchDatabase, fmt } from "./db";
import { loadFromAnotherProcess } from "./load";
import { serveProcess } from "./serve-process";

// What tracing costs (issue #20, docs/operations.md "Traces"): the same `lk serve` (one process,
// PostgreSQL) under the same load of GET /v1/accounts — a user's token (session check), a company
// scoped query — with tracing off (no OTLP endpoint: no SDK loaded) and on (every request sampled,
// spans exported over OTLP/HTTP to a local receiver in this process, which only counts them).
// Rounds interleave the two, so a slow minute of the shared machine hits both alike.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 16;
const OPERATOR_KEY = "op_bench_operator_key_0123456789"; // serveProcess's

/** CPU seconds (user + system) a process has used so far (Linux /proc; clock ticks of 1/100 s). */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** GET /v1/accounts requests the server has answered so far (its own counter). */
async function served(base: string) {
  const res = await fetch(`${base}/metrics`, { headers: { "x-operator-key": OPERATOR_KEY } });
  let n = 0;
  for (const m of (await res.text()).matchAll(
    /^lk_http_requests_total\{[^}]*route="\/v1\/accounts"[^}]*\} (\d+)/gm,
  ))
    n += Number(m[1]);
  return n;
}

export default async function main() {
  const db = await benchDatabase("tracing", 5);
  const co = await makeCompany(db.conn);
  await db.conn.close();

  let spans = 0;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      for (const rs of body.resourceSpans ?? [])
        for (const ss of rs.scopeSpans ?? []) spans += (ss.spans ?? []).length;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  const otlp = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  type Result = Awaited<ReturnType<typeof loadFromAnotherProcess>>;
  const contenders: { name: string; env: Record<string, string> }[] = [
    { name: "tracing off", env: { OTEL_EXPORTER_OTLP_ENDPOINT: "" } },
    {
      name: "tracing on (OTLP export)",
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp, OTEL_SERVICE_NAME: "bench" },
    },
  ];
  type Served = (typeof contenders)[number] & {
    server: Awaited<ReturnType<typeof serveProcess>>;
    token: string;
    results: Result[];
    cpu: number;
    requests: number;
  };
  const servers: Served[] = [];
  for (const c of contenders) {
    const server = await serveProcess(db.url, 1, { ...c.env, LK_WORKERS: "1" });
    const token = await signInOver(server.base, co);
    servers.push({ ...c, server, token, results: [], cpu: 0, requests: 0 });
  }
  const spansBefore = spans;
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of servers) {
      const [cpu0, req0] = [cpuSeconds(s.server.pid), await served(s.server.base)];
      s.results.push(
        await loadFromAnotherProcess({
          kind: "http",
          urls: [`${s.server.base}/v1/accounts?limit=50`],
          headers: { authorization: `Bearer ${s.token}` },
          concurrency: CONCURRENCY,
          seconds: SECONDS,
          warmupSeconds: 2,
        }),
      );
      s.cpu += cpuSeconds(s.server.pid) - cpu0;
      s.requests += (await served(s.server.base)) - req0;
    }
  }
  // Server CPU per request is the figure a loaded machine disturbs least: throughput and latency
  // also measure what the other tenants of the CPUs were doing at that moment.
  const cpuMs = servers.map((s) => (s.cpu * 1000) / s.requests);
  for (const s of servers) await s.server.close();
  const exported = spans - spansBefore;
  await new Promise<void>((r) => receiver.close(() => r()));

  // The median round of each (by throughput).
  const median = (rs: Result[]) => [...rs].sort((a, b) => a.rps - b.rps)[Math.floor(rs.length / 2)]!;
  const [off, on] = servers.map((s) => median(s.results));
  console.log(
    `GET /v1/accounts, 1 process, PostgreSQL, ${CONCURRENCY} clients, ${ROUNDS} rounds of ${SECONDS} s (median round); load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  console.log("contender                  req/s     p50 ms   p99 ms   server CPU ms/request");
  for (const [i, s] of servers.entries()) {
    const r = [off, on][i]!;
    console.log(
      `${s.name.padEnd(26)} ${fmt(r.rps, 0).padStart(6)}   ${fmt(r.p50, 2).padStart(6)}   ${fmt(r.p99, 2).padStart(6)}   ${fmt(cpuMs[i]!, 3).padStart(6)}`,
    );
  }
  for (const s of servers)
    console.log(`  ${s.name}: req/s by round ${s.results.map((r) => fmt(r.rps, 0)).join(", ")}`);
  const pct = (a: number, b: number) => `${b >= a ? "+" : ""}${fmt(((b - a) / a) * 100)} %`;
  console.log(
    `tracing on vs off: server CPU per request ${pct(cpuMs[0]!, cpuMs[1]!)}, throughput ${pct(off!.rps, on!.rps)}, p50 ${pct(off!.p50, on!.p50)}, p99 ${pct(off!.p99, on!.p99)}; spans exported during the runs: ${fmt(exported, 0)} (${fmt(exported / servers[1]!.requests, 1)} per request)`,
  );
}
