/**
 * Per-call overhead of the SDK against raw fetch on the same local server (budget: ≤ 5 %).
 * Each side does the same work: GET, read JSON.   pnpm --filter @lk/sdk exec tsx bench/overhead.ts
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createTransport } from "../src/core/transport";
import { compare } from "./compare";

const CALLS = 5_000;
const body = JSON.stringify({
  data: Array.from({ length: 20 }, (_, i) => ({ id: `acc_${i}`, balance: i * 100 })),
});
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "x-request-id": "r" });
  res.end(body);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const t = createTransport({ baseUrl: base, auth: "sk_test_bench" });

const raw = async () => {
  const res = await fetch(`${base}/v1/accounts?limit=20`, {
    headers: { accept: "application/json", authorization: "Bearer sk_test_bench" },
  });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
};
// What a careful hand-written client does at the least: a per-request timeout.
const rawWithTimeout = async () => {
  const res = await fetch(`${base}/v1/accounts?limit=20`, {
    headers: { accept: "application/json", authorization: "Bearer sk_test_bench" },
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
};
const sdk = () => t.request("GET", "/v1/accounts", { query: { limit: 20 } });

await compare({ raw, rawWithTimeout, sdk }, CALLS); // warm-up: JIT and keep-alive sockets
const us = await compare({ raw, rawWithTimeout, sdk }, CALLS);
const pct = (a: number, b: number) => (((a - b) / b) * 100).toFixed(1);
const overhead = ((us.sdk! - us.raw!) / us.raw!) * 100;
console.log(
  `sdk per-call overhead on a bare node:http stub (worst case): ${overhead.toFixed(1)} % vs raw fetch, ${pct(us.sdk!, us.rawWithTimeout!)} % vs raw fetch with a timeout signal (budget 5 %)`,
);
console.log(
  `  per GET: raw ${us.raw!.toFixed(0)} µs, raw+timeout ${us.rawWithTimeout!.toFixed(0)} µs, sdk ${us.sdk!.toFixed(0)} µs`,
);
console.log(
  "  (the gap to raw+timeout is the SDK's own work; raw→raw+timeout is the price of a per-attempt timeout signal in fetch)",
);
server.close();
