import { createServer } from "node:net";
import { makeCompany, TEST_PASSWORD } from "@lk/core/testing";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { startJobs } from "../src/jobs/scheduler";
import { createMetrics } from "../src/observability/metrics";
import { serveMetrics } from "../src/server";
import { call, createTestApp, OPERATOR_KEY, signIn, type TestApp } from "./helpers";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const scrape = async (app = t.app) => {
  const res = await app.request("/metrics", { headers: { "x-operator-key": OPERATOR_KEY } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  // The official text format, as Prometheus reads it.
  return parsePrometheusTextFormat(await res.text());
};
const family = (fams: ReturnType<typeof parsePrometheusTextFormat>, name: string) =>
  fams.find((f) => f.name === name);

describe("GET /metrics", () => {
  it("is refused without the operator key, and to a company user", async () => {
    const anon = await call(t.app, "GET", "/metrics");
    expect(anon.status).toBe(401);
    expect(anon.headers.get("content-type")).toContain("application/problem+json");
    const company = await makeCompany(t.conn);
    const token = await signIn(t.app, company.admin.login, TEST_PASSWORD);
    expect((await call(t.app, "GET", "/metrics", undefined, { token })).status).toBe(403);
  });

  it("counts requests by route template and status, never by path or id", async () => {
    const company = await makeCompany(t.conn);
    const token = await signIn(t.app, company.accountant.login, TEST_PASSWORD);
    await call(t.app, "GET", `/v1/accounts/${company.accounts[0]!.id}`, undefined, { token });
    await call(t.app, "GET", "/v1/accounts/00000000-0000-4000-8000-000000000000", undefined, { token });
    await call(t.app, "GET", "/no/such/path/12345");
    const fams = await scrape();
    const requests = family(fams, "lk_http_requests_total");
    expect(requests?.type).toBe("COUNTER");
    const byAccount = requests!.metrics.filter((m) => m.labels?.route === "/v1/accounts/:id");
    expect(byAccount.map((m) => [m.labels?.method, m.labels?.status, Number(m.value)]).sort()).toEqual([
      ["GET", "200", 1],
      ["GET", "404", 1],
    ]);
    expect(requests!.metrics.some((m) => m.labels?.route === "unmatched")).toBe(true);
    expect(
      requests!.metrics.some((m) => m.labels?.route === "/v1/auth/sign-in" && m.labels.status === "200"),
    ).toBe(true);
    // No label anywhere carries an id or a raw path.
    for (const f of fams)
      for (const m of f.metrics)
        for (const v of Object.values(m.labels ?? {})) {
          expect(v).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
          expect(v).not.toContain("12345");
        }
    const duration = family(fams, "lk_http_request_duration_seconds");
    expect(duration?.type).toBe("HISTOGRAM");
    // (This parser keeps a histogram's buckets but drops its labels; the counter above has them.)
    expect(duration!.metrics.some((m) => m.buckets?.["+Inf"] !== undefined)).toBe(true);
  });

  it("reports rate-limit refusals, database and payment series", async () => {
    // Wrong passwords for one login until it is locked (429).
    const company = await makeCompany(t.conn);
    for (let i = 0; i < 7; i++)
      await call(t.app, "POST", "/v1/auth/sign-in", {
        login: company.viewer.login,
        password: "wrong-password-1",
      });
    const fams = await scrape();
    const refused = family(fams, "lk_rate_limit_refusals_total");
    expect(refused?.metrics.find((m) => m.labels?.route === "/v1/auth/sign-in")).toBeDefined();
    expect(Number(family(fams, "lk_db_probe_seconds")?.metrics[0]?.value)).toBeGreaterThanOrEqual(0);
    expect(Number(family(fams, "lk_db_pool_max")?.metrics[0]?.value)).toBeGreaterThanOrEqual(1);
    expect(family(fams, "lk_payments")?.type).toBe("GAUGE");
  });

  it("counts job runs and keeps each job's lag", async () => {
    let runs = 0;
    const stop = startJobs(
      [
        { name: "ok-job", everyMs: 20, run: async () => void runs++ },
        { name: "failing-job", everyMs: 20, run: async () => Promise.reject(new Error("boom")) },
      ],
      { debug() {}, info() {}, warn() {}, error() {} },
      t.app.deps.metrics,
    );
    await new Promise((r) => setTimeout(r, 150));
    await stop();
    const fams = await scrape();
    const jobRuns = family(fams, "lk_job_runs_total")!.metrics;
    expect(Number(jobRuns.find((m) => m.labels?.job === "ok-job" && m.labels.result === "ok")?.value)).toBe(
      runs,
    );
    expect(jobRuns.find((m) => m.labels?.job === "failing-job" && m.labels.result === "error")).toBeDefined();
    const lag = family(fams, "lk_job_lag_seconds")!.metrics;
    expect(lag.find((m) => m.labels?.job === "ok-job")).toBeDefined();
    expect(
      family(fams, "lk_job_last_success_timestamp_seconds")!.metrics.some(
        (m) => m.labels?.job === "failing-job",
      ),
    ).toBe(true);
  });

  it("is served without a key on LK_METRICS_PORT, with process metrics", async () => {
    const metrics = createMetrics({ conn: t.conn, dbPool: 3 });
    const app = createApp({ conn: t.conn, config: t.config, metrics });
    await app.request("/healthz");
    const metricsPort = await freePort();
    const server = await serveMetrics({ metricsPort, metricsHost: "127.0.0.1" }, metrics.registry);
    try {
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(res.status).toBe(200);
      const fams = parsePrometheusTextFormat(await res.text());
      expect(family(fams, "lk_process_cpu_seconds_total")).toBeDefined();
      expect(family(fams, "lk_nodejs_heap_size_used_bytes")).toBeDefined();
      expect(
        family(fams, "lk_http_requests_total")!.metrics.some((m) => m.labels?.route === "/healthz"),
      ).toBe(true);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
