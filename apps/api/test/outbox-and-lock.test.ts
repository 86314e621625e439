import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { serve } from "@hono/node-server";
import { enqueueMessage } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { assertDataDirFree, DataDirLockedError, LOCK_FILE, readDataLock } from "../src/data-lock";
import { call, createTestApp, operator, signIn, type TestApp } from "./helpers";

// The outbox as the operator API and the demo's test mailbox give it, and the embedded database's
// lock: the CLI never opens a PGlite folder a running server holds (ADR 0081).

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const run = promisify(execFile);

let t: TestApp;
let co: TestCompany;
let holder: ChildProcess | undefined;
beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  const at = new Date("2026-12-07T12:00:00Z");
  await t.conn.db.transaction(async (tx) => {
    await enqueueMessage(
      tx,
      {
        channel: "email",
        recipient: "a@example.test",
        subject: "Код",
        body: "Код: 111111",
        kind: "password_reset",
      },
      at,
    );
    await enqueueMessage(
      tx,
      { channel: "sms", recipient: "+79990000001", body: "Пароль: Xy-12", kind: "temporary_password" },
      new Date(at.getTime() + 1000),
    );
    await enqueueMessage(
      tx,
      { channel: "email", recipient: "b@example.test", body: "Чек", kind: "payment_receipt" },
      new Date(at.getTime() + 2000),
    );
  });
}, 60_000);
afterAll(async () => {
  holder?.kill("SIGKILL");
  await t?.close();
});

describe("GET /v1/operator/outbox", () => {
  it("lists messages newest first, filters by recipient and channel, pages by cursor", async () => {
    const all = await call(t.app, "GET", "/v1/operator/outbox?limit=2", undefined, operator);
    expect(all.status).toBe(200);
    expect(all.body.data.map((m: { kind: string }) => m.kind)).toEqual([
      "payment_receipt",
      "temporary_password",
    ]);
    const next = await call(
      t.app,
      "GET",
      `/v1/operator/outbox?limit=2&cursor=${all.body.next_cursor}`,
      undefined,
      operator,
    );
    expect(next.body.data.map((m: { kind: string }) => m.kind)).toEqual(["password_reset"]);
    expect(next.body.next_cursor).toBeNull();
    const sms = await call(t.app, "GET", "/v1/operator/outbox?channel=sms", undefined, operator);
    // The temporary password is never shown to the operator: only its recipient reads it.
    expect(sms.body.data).toMatchObject([{ recipient: "+79990000001", status: "pending" }]);
    expect(sms.body.data[0].body).not.toContain("Xy-12");
    const to = await call(t.app, "GET", "/v1/operator/outbox?to=a@example.test", undefined, operator);
    expect(to.body.data).toHaveLength(1);
  });

  it("needs the operator key: none is 401, a company user 403; bad input is 400 naming the field", async () => {
    expect((await call(t.app, "GET", "/v1/operator/outbox")).status).toBe(401);
    const token = await signIn(t.app, co.admin.login, co.admin.password);
    expect((await call(t.app, "GET", "/v1/operator/outbox", undefined, { token })).status).toBe(403);
    const bad = await call(t.app, "GET", "/v1/operator/outbox?limit=0&channel=fax", undefined, operator);
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(["query.channel", "query.limit"]);
    const cursor = await call(t.app, "GET", "/v1/operator/outbox?cursor=zzz", undefined, operator);
    expect(cursor.status).toBe(400);
  });
});

describe("GET /v1/demo/outbox (the test mailbox)", () => {
  it("is 404 unless the server runs the demo; there it answers without a key", async () => {
    const off = await call(t.app, "GET", "/v1/demo/outbox");
    expect(off.status).toBe(404);
    const demo = createApp({ conn: t.conn, config: { ...t.config, demo: true }, now: t.clock });
    const on = await call(demo, "GET", "/v1/demo/outbox?limit=5");
    expect(on.status).toBe(200);
    expect(on.body.data).toHaveLength(3);
  });
});

describe("the embedded database's lock", () => {
  const freePort = () =>
    new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });

  it("a folder held by a live process is refused, with its pid and address; a dead holder's lock is ignored", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-lock-"));
    expect(readDataLock(dir)).toBeNull();
    holder = spawn("sleep", ["30"]);
    const lock = { pid: holder.pid!, port: 1, url: "http://127.0.0.1:1", demo: false, startedAt: "" };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(lock));
    expect(() => assertDataDirFree(dir)).toThrow(DataDirLockedError);
    expect(() => assertDataDirFree(dir)).toThrow(`pid ${holder.pid}`);
    holder.kill("SIGKILL");
    await new Promise((r) => holder!.once("exit", r));
    expect(readDataLock(dir)).toBeNull();
  });

  it("`lk outbox` reads the running demo server's mailbox over HTTP; other commands refuse the folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lk-lock-"));
    const port = await freePort();
    const demo = createApp({ conn: t.conn, config: { ...t.config, demo: true }, now: t.clock });
    const server = serve({ fetch: demo.fetch, port, hostname: "127.0.0.1" });
    holder = spawn("sleep", ["60"]);
    const lock = { pid: holder.pid!, port, url: `http://127.0.0.1:${port}`, demo: true, startedAt: "" };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(lock));
    const env = { ...process.env, LK_DATA_DIR: dir, DATABASE_URL: "", LK_LOG_LEVEL: "silent" };
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    try {
      const cli = ["--import", "tsx", "apps/api/src/cli/main.ts"];
      const out = await run(process.execPath, [...cli, "outbox", "--limit", "2"], { cwd: root, env });
      expect(out.stdout).toContain("sms → +79990000001");
      expect(out.stdout).toContain("Пароль: Xy-12");
      expect(out.stdout).toMatch(/07\.12\.2026 15:00 \(UTC\+03:00\)/);
      const refused = await run(process.execPath, [...cli, "migrate"], { cwd: root, env }).catch((e) => e);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `the server (pid ${holder.pid}, http://127.0.0.1:${port}) holds the embedded database`,
      );
    } finally {
      server.close();
      holder.kill("SIGKILL");
    }
  }, 180_000); // two CLI processes (tsx) on a loaded 2-core machine
});
