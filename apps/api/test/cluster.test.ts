/**
 * `lk serve --workers 2` as an operator runs it: a primary that migrates and forks two HTTP
 * workers sharing one port; /metrics adds up both workers' series; a worker that dies is replaced;
 * SIGTERM stops them all.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { get } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabaseUrl } from "@lk/db/testing";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";
import { OPERATOR_KEY } from "./helpers";
import { alive, freePort } from "./processes";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

describe("LK_WORKERS configuration", () => {
  it("refuses several workers on the embedded database, naming the setting", () => {
    expect(() => loadConfig({ LK_WORKERS: "2" })).toThrow(ConfigError);
    expect(() => loadConfig({ LK_WORKERS: "2" })).toThrow(/LK_WORKERS: several workers need DATABASE_URL/);
    expect(() => loadConfig({ LK_WORKERS: "0" })).toThrow(/LK_WORKERS/);
    expect(loadConfig({ LK_WORKERS: "2", DATABASE_URL: "postgres://x@127.0.0.1/db" }).workers).toBe(2);
    expect(loadConfig({}).workers).toBe(1);
  });
});

/** A GET on a connection of its own (cluster workers take connections in turn, not requests). */
const freshGet = (url: string) =>
  new Promise<number>((resolve, reject) => {
    get(url, { agent: false, headers: { connection: "close" } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
    }).on("error", reject);
  });

let primary: ChildProcess | undefined;
afterAll(() => {
  primary?.kill("SIGKILL");
});

describe.skipIf(!process.env.DATABASE_URL)("lk serve --workers 2 (PostgreSQL)", () => {
  it("serves from two workers, sums their metrics, replaces a killed one, and stops them all on SIGTERM", async () => {
    const url = await createTestDatabaseUrl();
    const [port, metricsPort] = [await freePort(), await freePort()];
    const base = `http://127.0.0.1:${port}`;
    primary = spawn(
      process.execPath,
      ["--import", "tsx", "apps/api/src/cli/main.ts", "serve", "--workers", "2"],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: url!,
          PORT: String(port),
          HOST: "127.0.0.1",
          LK_LOG_LEVEL: "info",
          LK_METRICS_PORT: String(metricsPort),
          LK_METRICS_HOST: "127.0.0.1",
          LK_OPERATOR_KEY: OPERATOR_KEY,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    primary.stdout!.on("data", (d) => {
      out += d;
    });
    primary.stderr!.on("data", (d) => {
      out += d;
    });
    const waitFor = async (test: () => boolean, what: string) => {
      for (let i = 0; i < 900 && !test(); i++) await new Promise((r) => setTimeout(r, 100));
      if (!test()) throw new Error(`timed out waiting for ${what}; output:\n${out}`);
    };
    const workerPids = () =>
      [...out.matchAll(/"msg":"listening".*?"pid":(\d+)/g)].map((m) => Number(m[1])).filter(alive);

    await waitFor(
      () => out.includes('"msg":"cluster listening"') && workerPids().length === 2,
      "two workers",
    );
    const [first, second] = workerPids();
    expect(first).not.toBe(second);
    expect(first).not.toBe(primary.pid);

    // Every request is answered, and all workers sign with the one key the primary created.
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${base}/.well-known/jwks.json`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { keys: unknown[] }).keys).toHaveLength(1);
    }

    // Metrics: requests on fresh connections go round-robin to both workers; /metrics — on the
    // metrics port (the primary) and on the API port (whichever worker) — counts all of them.
    const N = 20;
    for (let i = 0; i < N; i++) expect(await freshGet(`${base}/healthz`)).toBe(200);
    const healthz = async (target: string, headers: Record<string, string> = {}) => {
      const res = await fetch(target, { headers });
      expect(res.status).toBe(200);
      const fams = parsePrometheusTextFormat(await res.text());
      const value = (name: string, labels: Record<string, string> = {}) =>
        fams
          .find((f) => f.name === name)
          ?.metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
          .reduce((sum, m) => sum + Number(m.value), 0);
      return {
        requests: value("lk_http_requests_total", { route: "/healthz", status: "200" }),
        workers: value("lk_workers_reporting"),
      };
    };
    expect(await healthz(`http://127.0.0.1:${metricsPort}/metrics`)).toEqual({ requests: N, workers: 2 });
    expect(await healthz(`${base}/metrics`, { "x-operator-key": OPERATOR_KEY })).toEqual({
      requests: N,
      workers: 2,
    });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);

    process.kill(first!, "SIGKILL");
    await waitFor(() => out.includes("worker exited; restarting it"), "the restart notice");
    await waitFor(() => workerPids().length === 2, "a replacement worker");
    expect(workerPids()).not.toContain(first);
    for (let i = 0; i < 5; i++) expect((await fetch(`${base}/healthz`)).status).toBe(200);

    const pids = workerPids();
    const exited = new Promise<number | null>((r) => primary!.once("exit", (code) => r(code)));
    primary.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
  }, 180_000);
});
