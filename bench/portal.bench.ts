import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serve } from "@hono/node-server";
import { periodOf, shiftPeriod } from "@lk/core";
import { makeCompany } from "@lk/core/testing";
import { connect, migrate } from "@lk/db";
import { sql } from "drizzle-orm";
import { chromium, type Page, type Request } from "playwright-core";
import { createApp } from "../apps/api/src/app";
import { loadConfig } from "../apps/api/src/config";
import { ensurePortalBuilt, portalDist } from "../apps/portal/scripts/build";
import { CHROMIUM, CHROMIUM_ARGS } from "../test/browser";
import { fmt, percentiles } from "./db";
import { seedCallsYear, seedLedgerYear } from "./portal-setup";

// Portal budgets: (1) the gzipped JavaScript and CSS the browser needs before the first screen —
// index.html's entry script, its static imports (modulepreload) and its stylesheet — against
// 100 KB; (2) time to an interactive dashboard in headless Chromium for a company of 2 000
// accounts (every dashboard block loaded), against 1 s. The company has a year of history: monthly
// charges and payments in the ledger, and BENCH_PORTAL_CALLS call records (default 300 000) over
// twelve months, loaded by COPY as the importer loads them.

const BUDGET_KB = 100;
const TARGET_MS = 1000;
const CALLS = Number(process.env.BENCH_PORTAL_CALLS ?? 300_000);

function initialAssets() {
  const html = readFileSync(join(portalDist, "index.html"), "utf8");
  const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  return [...new Set(refs)].map((ref) => {
    const body = readFileSync(join(portalDist, ref));
    return { ref, raw: body.length, gz: gzipSync(body, { level: 9 }).length };
  });
}

const dashboardReady = () => {
  const d = document.querySelector("lk-dashboard");
  return (
    !!d?.querySelector("[data-testid=owed]") &&
    !d.querySelector("[role=status].muted") &&
    !!d.querySelector("#h-spend ~ *")
  );
};
// A screen's element carries `data-loaded` once its data has come (ui/base.ts): not before its load
// has started, as a check of the spinner alone could pass. /calls also waits for what a person
// reads: the totals and the first page's rows.
const screenReady = () =>
  !!document.querySelector("main [data-loaded] h1") && !document.querySelector("main .spinner");
const callsReady = () =>
  !document.querySelector("main .spinner") &&
  !!document.querySelector("lk-calls [data-testid=calls-count]") &&
  !!document.querySelector("lk-calls tbody tr");
const readyOf = (path: string) => (path.startsWith("/calls") ? callsReady : screenReady);
/** Last month (Moscow): a whole month of calls, where this month may have only a few days. */
const lastMonth = shiftPeriod(periodOf(new Date(), "Europe/Moscow"), -1);

/**
 * Where one reload's time goes: the API (each /v1/ request's server time, and the span from the
 * first request to the last answer) against the rest (scripts, session restore, rendering).
 */
async function profileReload(page: Page, url: string, ready: () => boolean) {
  const api: { path: string; ms: number; start: number; end: number }[] = [];
  const t0 = Date.now();
  const onDone = (req: Request) => {
    const u = new URL(req.url());
    if (!u.pathname.startsWith("/v1/")) return;
    const t = req.timing();
    api.push({
      path: `${req.method()} ${u.pathname}${u.search}`.slice(0, 90),
      ms: t.responseEnd - t.requestStart,
      start: t.startTime + t.requestStart - t0,
      end: t.startTime + t.responseEnd - t0,
    });
  };
  page.on("requestfinished", onDone);
  await page.goto(url);
  await page.waitForFunction(ready);
  const total = Date.now() - t0;
  page.off("requestfinished", onDone);
  const first = Math.min(...api.map((a) => a.start));
  const last = Math.max(...api.map((a) => a.end));
  console.log(
    `  one reload of ${new URL(url).pathname}: ${fmt(total, 0)} ms; ${api.length} API requests from +${fmt(first, 0)} ms to +${fmt(last, 0)} ms (server time summed ${fmt(
      api.reduce((s, a) => s + a.ms, 0),
      0,
    )} ms); after the last answer ${fmt(total - last, 0)} ms`,
  );
  for (const a of [...api].sort((x, y) => y.ms - x.ms).slice(0, 6))
    console.log(`    ${fmt(a.ms, 0).padStart(6)} ms  ${a.path}`);
}

export default async function portalBench() {
  await ensurePortalBuilt({ quiet: true });
  const assets = initialAssets();
  const js = assets.filter((a) => a.ref.endsWith(".js")).reduce((s, a) => s + a.gz, 0);
  const css = assets.filter((a) => a.ref.endsWith(".css")).reduce((s, a) => s + a.gz, 0);
  for (const a of assets)
    console.log(`  ${a.ref}: ${fmt(a.raw / 1024)} KB raw, ${fmt(a.gz / 1024)} KB gzipped`);
  console.log(
    `initial JS  ${fmt(js / 1024)} KB gzipped  (budget ${BUDGET_KB} KB: ${js / 1024 <= BUDGET_KB ? "OK" : "OVER"})`,
  );
  console.log(`initial CSS ${fmt(css / 1024)} KB gzipped`);

  const conn = await connect({ dataDir: "memory://" });
  await migrate(conn);
  const co = await makeCompany(conn, { accountsPerGroup: 667 });
  await seedLedgerYear(conn, co.id);
  const seeded = CALLS > 0 ? await seedCallsYear(conn, co.id, CALLS) : { inserted: 0, seconds: 0 };
  // Fresh statistics, as PostgreSQL's autovacuum and the server's hourly pglite-analyze job keep them.
  await conn.db.execute(sql`ANALYZE`);
  console.log(
    `company with ${co.accounts.length} accounts, a year of ledger and ${fmt(seeded.inserted, 0)} calls over 12 months (loaded in ${fmt(seeded.seconds, 1)} s; PGlite in memory)`,
  );
  const config = loadConfig({ LK_LOG_LEVEL: "silent", LK_SCRYPT_N: "1024", LK_COOKIE_SECURE: "false" });
  const app = createApp({ conn, config });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}/`);
    await page.fill("#login", co.accountant.login);
    await page.fill("#password", co.accountant.password);
    await page.click("form button[type=submit]");
    await page.waitForSelector("lk-dashboard [data-testid=owed]");
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = Date.now();
      // A reload: session restored from the refresh cookie, shell and dashboard chunk loaded,
      // every block's requests answered and rendered.
      await page.goto(`${url}/`);
      await page.waitForFunction(dashboardReady);
      if (i > 0) times.push(Date.now() - t0); // the first run warms caches
    }
    const p = percentiles(times);
    console.log(
      `time to interactive dashboard (2 000 accounts): p50 ${fmt(p.p50, 0)} ms, max ${fmt(p.max, 0)} ms over ${p.n} reloads (target < ${TARGET_MS} ms: ${p.p50 < TARGET_MS ? "OK" : "OVER"})`,
    );
    await profileReload(page, `${url}/`, dashboardReady);
    // The other list screens, each reloaded the same way (session restored, chunk, data, render).
    for (const path of ["/accounts", "/documents", "/calls", `/calls?period=${lastMonth}`, "/payments"]) {
      const ts: number[] = [];
      for (let i = 0; i < 4; i++) {
        const t0 = Date.now();
        await page.goto(`${url}${path}`);
        await page.waitForFunction(readyOf(path));
        if (i > 0) ts.push(Date.now() - t0);
      }
      const q = percentiles(ts);
      console.log(
        `time to interactive ${path}: p50 ${fmt(q.p50, 0)} ms, max ${fmt(q.max, 0)} ms over ${q.n} reloads (target < ${TARGET_MS} ms: ${q.p50 < TARGET_MS ? "OK" : "OVER"})`,
      );
    }
    // /calls with a year of calls: the month's first page, then "next" twice (keyset pages within
    // the screen, no reload), and where one reload's time goes.
    await profileReload(page, `${url}/calls?period=${lastMonth}`, callsReady);
    const nextTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto(`${url}/calls?period=${lastMonth}`);
      await page.waitForFunction(callsReady);
      for (let n = 0; n < 2; n++) {
        const first = await page.locator("lk-calls tbody tr td").first().textContent();
        const t0 = Date.now();
        await page.click("lk-calls nav.pager button:nth-child(2)");
        await page.waitForFunction(
          (before) =>
            !document.querySelector("main .spinner") &&
            document.querySelector("lk-calls tbody tr td")?.textContent !== before,
          first,
        );
        nextTimes.push(Date.now() - t0);
      }
    }
    const nx = percentiles(nextTimes);
    console.log(
      `/calls next page (click to rendered): p50 ${fmt(nx.p50, 0)} ms, max ${fmt(nx.max, 0)} ms over ${nx.n} pages`,
    );
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.close(() => r()));
    await conn.close();
  }
}
