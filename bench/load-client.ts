// A load generator that runs in its own process (spawned by bench/load.ts), so the server under
// test does not share its event loop and CPU time with the clients that load it. Both sides of a
// comparison (the API over HTTP, the same SQL over postgres.js) use this same client process.
// Input: one JSON argument (LoadSpec). Output: one JSON line on stdout (latencies in ms).
import { Agent, request } from "node:http";
import postgres from "postgres";

export type LoadSpec = {
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
} & (
  | { kind: "http"; urls: string[]; headers: Record<string, string> }
  | { kind: "sql"; databaseUrl: string; query: string; params: unknown[][]; pool: number }
);

const spec = JSON.parse(process.argv[2]!) as LoadSpec;

async function main() {
  let one: (i: number) => Promise<void>;
  let close = async () => {};
  if (spec.kind === "http") {
    // node:http with keep-alive rather than fetch: the lighter the client, the more of the shared
    // CPU is left to the server under test (the SQL side's postgres.js client is light too).
    const { urls, headers } = spec;
    const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
    one = (i) =>
      new Promise<void>((resolve, reject) => {
        const url = urls[i % urls.length]!;
        request(url, { agent, headers }, (res) => {
          res.on("data", () => {});
          res.on("end", () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode} from ${url}`)),
          );
        })
          .on("error", reject)
          .end();
      });
    close = async () => agent.destroy();
  } else {
    const sql = postgres(spec.databaseUrl, { max: spec.pool, onnotice: () => {} });
    const { query, params } = spec;
    one = async (i) => {
      await sql.unsafe(query, params[i % params.length] as never[], { prepare: true });
    };
    close = () => sql.end();
  }
  const run = async (seconds: number, record: boolean) => {
    const latencies: number[] = [];
    const end = performance.now() + seconds * 1000;
    let n = 0;
    await Promise.all(
      Array.from({ length: spec.concurrency }, async () => {
        while (performance.now() < end) {
          const t0 = performance.now();
          await one(n++);
          if (record) latencies.push(performance.now() - t0);
        }
      }),
    );
    return latencies;
  };
  await run(spec.warmupSeconds, false); // JIT, keep-alive sockets, prepared statements, caches
  const latencies = await run(spec.seconds, true);
  await close();
  process.stdout.write(`${JSON.stringify({ latencies })}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
