// @lk/sdk budgets (issue #6): bundle size of the whole client and of one resource, min+gzip
// (≤ 10 KB / ≤ 3 KB), and per-call overhead against a raw fetch of the same route (≤ 5 %).
// Runs the package's own benches (packages/sdk/bench/size.ts, overhead.ts — the latter against a
// bare node:http stub, the worst case for the ratio) as child processes so they stay runnable
// alone, then measures the overhead on a real route: GET /v1/accounts of the running API on
// PostgreSQL, raw fetch vs `lk.accounts.list().firstPage()`, call by call alternately.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeCompany } from "@lk/core/testing";
import { compare } from "../packages/sdk/bench/compare";
import { createClient } from "../packages/sdk/src/index";
import { serveApp, signInOver } from "./calls-setup";
import { benchDatabase, fmt } from "./db";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsx = createRequire(join(root, "package.json")).resolve("tsx/cli");
const CALLS = Number(process.env.BENCH_SDK_CALLS ?? 2_000);

async function realRoute() {
  const { conn } = await benchDatabase("sdk");
  const co = await makeCompany(conn, { accountsPerGroup: 10 });
  const server = await serveApp(conn);
  const token = await signInOver(server.base, co);
  const url = `${server.base}/v1/accounts?limit=20`;
  const raw = async () => {
    const res = await fetch(url, {
      headers: { accept: "application/json", authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`API answered ${res.status}`);
    return res.json();
  };
  const lk = createClient({ baseUrl: server.base, auth: { accessToken: token } });
  const sdk = () => lk.accounts.list({ limit: 20 }).firstPage();
  await compare({ raw, sdk }, 300); // warm-up: JIT, keep-alive sockets, the server's caches
  const us = await compare({ raw, sdk }, CALLS);
  await server.close();
  await conn.close();
  const overhead = ((us.sdk! - us.raw!) / us.raw!) * 100;
  console.log(
    `sdk per-call overhead on GET /v1/accounts (real API, PostgreSQL): ${fmt(overhead)} % vs raw fetch (budget 5 %) — ${overhead <= 5 ? "OK" : "OVER BUDGET"}`,
  );
  console.log(
    `  per call: raw fetch ${fmt(us.raw!, 0)} µs, sdk ${fmt(us.sdk!, 0)} µs (${fmt(us.sdk! - us.raw!, 0)} µs more; ${CALLS} calls each)`,
  );
}

export default async function run() {
  const sdk = join(root, "packages/sdk");
  for (const script of ["bench/size.ts", "bench/overhead.ts"]) {
    console.log(`-- ${script}`);
    execFileSync(process.execPath, [tsx, script], { cwd: sdk, stdio: "inherit" });
  }
  console.log("-- real route");
  await realRoute();
}
