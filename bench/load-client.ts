// A load generator that runs in its own process (spawned by bench/load.ts), so the server under
// test does not share its event loop and CPU time with the clients that load it. Both sides of a
// comparison (the API over HTTP, the same SQL over postgres.js) use this same client process.
// Input: one JSON argument (LoadSpec). Output: one JSON line on stdout (latencies in ms).
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
    const { urls, headers } = spec;
    one = async (i) => {
      const res = await fetch(urls[i % urls.length]!, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${urls[i % urls.length]}`);
    };
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
