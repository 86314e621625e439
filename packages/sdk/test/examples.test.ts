/**
 * docs/examples/sdk/*.ts run as the docs tell readers to run them (`npx tsx <file>`), each as a child
 * process against the real API served over HTTP with the demo company seeded, the sandbox acquirer
 * behind payments and the webhook delivery job running. CI runs `pnpm test`, so CI runs them.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { serve } from "@hono/node-server";
import { createTestDatabase } from "@lk/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningSandbox,
  silentLogger,
  startSandboxServer,
} from "../../../apps/acquirer-sandbox/src/index";
import { createApp } from "../../../apps/api/src/app";
import { loadConfig } from "../../../apps/api/src/config";
import { createSandboxProvider, deliverWebhooks, seedDemo } from "../../core/src/index";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const examplesDir = join(root, "docs/examples/sdk");
const tsx = join(root, "node_modules/tsx/dist/cli.mjs");

let conn: Awaited<ReturnType<typeof createTestDatabase>>;
let sandbox: RunningSandbox;
let server: ReturnType<typeof serve>;
let api = "";
let outDir = "";
let delivering: ReturnType<typeof setInterval>;

beforeAll(async () => {
  conn = await createTestDatabase();
  await seedDemo(conn, { scryptN: 1024, now: new Date() });
  sandbox = await startSandboxServer({ shops: { examples: "examples-secret" }, logger: silentLogger });
  const config = loadConfig({ LK_LOG_LEVEL: "silent", LK_SCRYPT_N: "1024", LK_COOKIE_SECURE: "false" });
  const acquirer = createSandboxProvider({
    baseUrl: sandbox.url,
    shopId: "examples",
    secretKey: "examples-secret",
  });
  const app = createApp({ conn, config, acquirer });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      api = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
  config.core.publicUrl = api;
  // What the API's job runner does in production: deliver queued webhooks.
  let busy = false;
  delivering = setInterval(() => {
    if (busy) return;
    busy = true;
    deliverWebhooks({ db: conn.db, now: () => new Date() })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, 200);
  outDir = mkdtempSync(join(tmpdir(), "lk-examples-"));
}, 120_000);

afterAll(async () => {
  clearInterval(delivering);
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await sandbox?.close();
  await conn?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

async function example(file: string): Promise<string> {
  const { stdout } = await run(process.execPath, [tsx, join(examplesDir, file)], {
    cwd: root,
    env: { ...process.env, LK_API_URL: api, OUT_DIR: outDir, DATABASE_URL: "" },
    timeout: 60_000,
  });
  return stdout;
}

describe("docs/examples/sdk", () => {
  it("has a test for every example", () => {
    const files = readdirSync(examplesDir).filter((f) => f.endsWith(".ts") && f !== "env.ts");
    expect(files.sort()).toEqual(
      ["export-calls-csv.ts", "pay-accounts.ts", "sign-in-and-list-accounts.ts", "verify-webhook.ts"].sort(),
    );
  });

  it("sign-in-and-list-accounts", async () => {
    const out = await example("sign-in-and-list-accounts.ts");
    expect(out).toMatch(/^signed in as demo-buh/m);
    expect(out).toMatch(/^accounts: [1-9]\d*, total balance -?[\d.]+ ₽$/m);
  }, 60_000);

  it("pay-accounts", async () => {
    const out = await example("pay-accounts.ts");
    expect(out).toMatch(/^payment \S+: \w+, 1500\.00 ₽ over 3 accounts$/m);
    expect(out).toMatch(/^confirm at: http/m);
    expect(out).toMatch(/^replayed: true$/m);
  }, 60_000);

  it("export-calls-csv", async () => {
    const out = await example("export-calls-csv.ts");
    expect(out).toMatch(/^exported \d+ calls of \d{12} for \d{4}-\d{2} to /m);
    expect(out).toMatch(/^header: \S+/m);
  }, 60_000);

  it("verify-webhook", async () => {
    const out = await example("verify-webhook.ts");
    expect(out).toMatch(/^verified webhook: webhook\.test$/m);
  }, 60_000);
});
