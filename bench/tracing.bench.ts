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
  };
  const servers: Served[] = [];
  for (const c of contenders) {
    const server = await serveProcess(db.url, 1, { ...c.env, LK_WORKERS: "1" });
    const token = await signInOver(server.base, co);
    servers.push({
      ...c,
      server,
      token,
      results: [] as Awaited<ReturnType<typeof loadFromAnotherProcess>>[],
    });
  }
  const spansBefore = spans;
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of servers) {
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
    }
  }
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
  console.log("contender                  req/s     p50 ms   p99 ms");
  for (const [i, s] of servers.entries()) {
    const r = [off, on][i]!;
    console.log(
      `${s.name.padEnd(26)} ${fmt(r.rps, 0).padStart(6)}   ${fmt(r.p50, 2).padStart(6)}   ${fmt(r.p99, 2).padStart(6)}`,
    );
  }
  const pct = (a: number, b: number) => `${b >= a ? "+" : ""}${fmt(((b - a) / a) * 100)} %`;
  console.log(
    `tracing on vs off: throughput ${pct(off!.rps, on!.rps)}, p50 ${pct(off!.p50, on!.p50)}, p99 ${pct(off!.p99, on!.p99)}; spans exported during the runs: ${fmt(exported, 0)}`,
  );
}
