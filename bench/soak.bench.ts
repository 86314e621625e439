// `pnpm bench soak` (not in CI, not in a bare `pnpm bench`): BENCH_SOAK_MINUTES (default 10) of
// mixed traffic against two `lk serve` processes on one PostgreSQL database — portal reads, call
// pages, statistics and exports, card payments through the sandbox acquirer (receipts through the
// sandbox cash register), webhook deliveries to a local receiver, and a billing run. Prints, each
// minute, throughput and p50/p99 per route group, the errors (goal: none) and each API process's
// median RSS and heap floor; then the first minute's memory beside the last's (goal: within 10 %).
import { DEMO_INN, DEMO_USERS, seedCalls, seedDemo } from "@lk/core";
import { benchDatabase, fmt } from "./db";
import { startProc } from "./payments-procs";
import { serveProcess } from "./serve-process";
import { type Memory, processMemory } from "./soak-memory";
import { type Group, SoakTraffic } from "./soak-traffic";
import { startWebhookReceiver } from "./soak-webhooks";

const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const USERS = Number(process.env.BENCH_SOAK_USERS ?? 6);
const CALLS = Number(process.env.BENCH_SOAK_CALLS ?? 200_000);
const OPERATOR_KEY = "op_bench_operator_key_0123456789";

export default async function soak() {
  console.log(`soak: ${MINUTES} min, ${USERS} virtual users over 2 API processes, PostgreSQL`);
  const { conn, url } = await benchDatabase("soak");
  const demo = await seedDemo(conn, { scryptN: 1024, now: new Date() });
  const calls = await seedCalls(conn.db, CALLS, { inn: DEMO_INN, months: 3 });
  await conn.close();
  console.log(`seeded: ${demo.accounts} accounts, ${fmt(calls.inserted, 0)} calls on ${calls.lines} lines`);

  const providers = await startProc("soak-providers.ts", {});
  const receiver = await startWebhookReceiver();
  const env = {
    ACQUIRER_URL: String(providers.ready.acquirerUrl),
    ACQUIRER_SHOP_ID: "soak",
    ACQUIRER_SECRET: "soak-secret",
    CASH_REGISTER_URL: String(providers.ready.cashRegisterUrl),
    CASH_REGISTER_LOGIN: "soak",
    CASH_REGISTER_PASSWORD: "soak-password",
    LK_OPERATOR_KEY: OPERATOR_KEY,
    LK_DB_POOL: "10",
  };
  const apis = [await serveProcess(url, 1, env), await serveProcess(url, 1, env)];
  const memory = () => Promise.all(apis.map((a) => processMemory(a, OPERATOR_KEY)));
  try {
    const accountant = DEMO_USERS.find((u) => u.role === "accountant")!;
    const admin = DEMO_USERS.find((u) => u.role === "admin")!;
    const traffic = await SoakTraffic.start({
      apiUrls: apis.map((a) => a.base),
      accountant,
      admin,
      operatorKey: OPERATOR_KEY,
      webhookUrl: receiver.url,
      users: USERS,
    });
    await warmUpThenMeasure(traffic);
    // Memory every 5 s: heap "used" swings with the collector, so each minute reports its lowest
    // reading (the floor left after collections) — a leak raises the floor, garbage does not.
    let samples: Memory[][] = [];
    const sampler = setInterval(
      () =>
        void memory().then(
          (m) => samples.push(m),
          () => {},
        ),
      5000,
    );
    const minutes: { errors: number }[] = [];
    const floors: Memory[][] = [];
    for (let m = 1; m <= MINUTES; m++) {
      if (m === Math.min(2, MINUTES)) traffic.startBillingRun();
      await new Promise((r) => setTimeout(r, 60_000));
      const minute = traffic.takeMinute();
      minutes.push(minute);
      floors.push(apis.map((_, i) => floorOf(samples.map((s) => s[i]!))));
      samples = [];
      printMinute(m, minute.groups, minute.errors, minute.errorSamples, floors[floors.length - 1]!);
    }
    clearInterval(sampler);
    await traffic.stop();
    const stats = await providers.ask<{ notifications: number; failedNotifications: number }>("stats");
    const totalErrors = minutes.reduce((s, m) => s + m.errors, 0);
    console.log(
      `\nerrors in all: ${totalErrors} (goal 0); billing run: ${traffic.billingStatus()}; ` +
        `webhook deliveries received: ${receiver.count()} (${receiver.unsigned()} without signature headers); ` +
        `acquirer notifications: ${stats.notifications} (${stats.failedNotifications} not accepted at first try)`,
    );
    printMemory(floors[0]!, floors[floors.length - 1]!);
  } finally {
    await Promise.all(apis.map((a) => a.close()));
    await providers.stop();
    await receiver.close();
  }
}

/** 30 s of traffic before measuring: JIT, pools and caches filled. */
async function warmUpThenMeasure(traffic: SoakTraffic) {
  await new Promise((r) => setTimeout(r, 30_000));
  traffic.takeMinute(); // the warm-up's figures are not reported
}

/** A minute's lowest heap reading and its median RSS. */
function floorOf(readings: Memory[]): Memory {
  if (readings.length === 0) return { rssMb: Number.NaN, heapMb: Number.NaN };
  const rss = readings.map((r) => r.rssMb).sort((a, b) => a - b);
  return { rssMb: rss[Math.floor(rss.length / 2)]!, heapMb: Math.min(...readings.map((r) => r.heapMb)) };
}

function printMinute(m: number, groups: Group[], errors: number, samples: string[], memory: Memory[]) {
  const total = groups.reduce((s, g) => s + g.n, 0);
  console.log(`\nminute ${m}: ${fmt(total / 60)} req/s, errors ${errors}`);
  console.log("  group          requests   p50 ms   p99 ms");
  for (const g of groups)
    console.log(
      `  ${g.name.padEnd(14)} ${String(g.n).padStart(8)} ${fmt(g.p50).padStart(8)} ${fmt(g.p99).padStart(8)}`,
    );
  for (const s of samples) console.log(`  error: ${s}`);
  console.log(
    `  memory: ${memory.map((x, i) => `api ${i + 1} RSS ${fmt(x.rssMb)} MB, heap floor ${fmt(x.heapMb)} MB`).join("; ")}`,
  );
}

function printMemory(start: Memory[], end: Memory[]) {
  console.log("\nmemory per API process, first minute → last (median RSS, heap floor; goal: within 10 %)");
  start.forEach((s, i) => {
    const e = end[i]!;
    const pct = (a: number, b: number) => `${b >= a ? "+" : ""}${fmt(((b - a) / a) * 100)} %`;
    console.log(
      `  api ${i + 1}: RSS ${fmt(s.rssMb)} → ${fmt(e.rssMb)} MB (${pct(s.rssMb, e.rssMb)}), ` +
        `heap floor ${fmt(s.heapMb)} → ${fmt(e.heapMb)} MB (${pct(s.heapMb, e.heapMb)})`,
    );
  });
}
