/**
 * `lk serve --workers 2` as an operator runs it: a primary that migrates and forks two HTTP
 * workers sharing one port; a worker that dies is replaced; SIGTERM stops them all.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabaseUrl } from "@lk/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";

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

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let primary: ChildProcess | undefined;
afterAll(() => {
  primary?.kill("SIGKILL");
});

describe.skipIf(!process.env.DATABASE_URL)("lk serve --workers 2 (PostgreSQL)", () => {
  it("serves from two workers, replaces a killed one, and stops them all on SIGTERM", async () => {
    const url = await createTestDatabaseUrl();
    const port = await freePort();
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
      for (let i = 0; i < 300 && !test(); i++) await new Promise((r) => setTimeout(r, 100));
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
  }, 60_000);
});
