/**
 * Request ids, `withResponse()` and the `log` hook, against the real API over real HTTP (nothing of
 * ours mocked): what an integrator quotes to support and what a debug log shows.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../apps/api/test/helpers";
import { makeCompany, type TestCompany } from "../../core/src/testing/fixtures";
import { createClient, type LogEntry, NotFoundError, requestIdOf } from "../src/index";

let t: TestApp;
let co: TestCompany;
let api: string;
let server: ReturnType<typeof serve>;

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn, { accountsPerGroup: 2 });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      api = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await t?.close();
});

describe("request ids, withResponse and the log hook", () => {
  it("gives the request id of a successful call, its status and headers, and logs every attempt without secrets", async () => {
    const entries: LogEntry[] = [];
    const admin = createClient({ baseUrl: api });
    await admin.auth.signIn({ login: co.admin.login, password: co.admin.password });
    const { key } = await admin.apiKeys.create({ name: "ERP", scopes: ["accounts:read"], mode: "test" });
    const lk = createClient({ baseUrl: api, auth: key, log: (e) => entries.push(e), maxRetries: 0 });

    // The id rides on the result without showing up in its JSON or in equality checks.
    const page = await lk.accounts.list({ limit: 1 }).firstPage();
    expect(page.requestId).toMatch(/\S{8,}/);
    const account = await lk.accounts.get(page.data[0]!.id);
    const id = requestIdOf(account);
    expect(id).toMatch(/\S{8,}/);
    expect(id).not.toBe(page.requestId);
    expect(JSON.stringify(account)).not.toContain(id!);
    expect(Object.keys(account)).not.toContain("_requestId");
    expect({ ...account }).toEqual(account);

    // withResponse: the same data plus status, headers and the request id.
    const { data, response } = await lk.accounts.get(page.data[0]!.id).withResponse();
    expect(data.id).toBe(account.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.requestId).toBe(response.headers.get("x-request-id"));
    expect(requestIdOf(data)).toBe(response.requestId);

    // An error carries its id as before; the log saw it too.
    const missing = await lk.accounts.get("00000000-0000-4000-8000-000000000000").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);

    expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
      ["GET", "/v1/accounts", 200],
      ["GET", `/v1/accounts/${account.id}`, 200],
      ["GET", `/v1/accounts/${account.id}`, 200],
      ["GET", "/v1/accounts/00000000-0000-4000-8000-000000000000", 404],
    ]);
    expect(entries[1]!.requestId).toBe(id);
    expect(entries[2]!.requestId).toBe(response.requestId);
    expect(entries[3]!.requestId).toBe((missing as NotFoundError).requestId);
    for (const e of entries) expect(e.durationMs).toBeGreaterThanOrEqual(0);
    // Never the key, never the query string (it may carry personal data).
    expect(JSON.stringify(entries)).not.toContain(key);
    expect(JSON.stringify(entries)).not.toContain("limit=");
  });

  it("logs a connection failure and its retry", async () => {
    const entries: LogEntry[] = [];
    const lk = createClient({
      baseUrl: "http://127.0.0.1:9", // discard port: nothing listens
      auth: "sk_test_never_logged",
      log: (e) => entries.push(e),
      maxRetries: 1,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    await expect(lk.accounts.get("x")).rejects.toThrow();
    expect(entries.map((e) => [e.path, e.status, !!e.error])).toEqual([
      ["/v1/accounts/x", undefined, true],
      ["/v1/accounts/x", undefined, true],
    ]);
    expect(JSON.stringify(entries)).not.toContain("sk_test_never_logged");
  });
});
