import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, signIn, type TestApp } from "./helpers";

let t: TestApp;
let co: TestCompany;
let token: string;
let url: string;
let server: ReturnType<typeof serve>;

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  token = await signIn(t.app, co.accountant.login, co.accountant.password);
  await new Promise<void>((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      url = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
});

const big = JSON.stringify({ items: [], pad: "x".repeat(2 * 1024 * 1024) });
const headers = (extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  "content-type": "application/json",
  "idempotency-key": `body-limit-${Math.random()}`,
  ...extra,
});

describe("request body limit (2 MB for JSON routes)", () => {
  it("a declared Content-Length above the limit is 413 before the body is read", async () => {
    const res = await t.app.request("/v1/payments", {
      method: "POST",
      headers: headers({ "content-length": String(Buffer.byteLength(big)) }),
      body: big,
    });
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe("payload_too_large");
  });

  it("a body without a declared length is counted as it streams: 413 above the limit", async () => {
    const res = await t.app.request("/v1/payments", { method: "POST", headers: headers(), body: big });
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe("payload_too_large");
  });

  it("over real HTTP: a small body is read (and validated), a large one is 413", async () => {
    const ok = await fetch(`${url}/v1/payments`, {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ items: [{ account_id: co.accounts[0]!.id, amount: -1 }], method: "card" }),
    });
    expect(ok.status).toBe(400);
    expect((await ok.json()).errors[0].field).toBe("items.0.amount");
    const tooBig = await fetch(`${url}/v1/payments`, { method: "POST", headers: headers(), body: big });
    expect(tooBig.status).toBe(413);
    // Chunked (no Content-Length): counted by hono's bodyLimit.
    const chunked = await fetch(`${url}/v1/payments`, {
      method: "POST",
      headers: headers(),
      body: new Blob([big]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });
});
