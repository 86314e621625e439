/** HTTP compression: big JSON and /openapi.json go gzipped to a client that accepts it, not otherwise. */
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe("compression", () => {
  it("gzips /openapi.json for a client that accepts gzip, and measures it", async () => {
    const plain = await t.app.request("/openapi.json");
    const raw = new Uint8Array(await plain.arrayBuffer());
    expect(plain.headers.get("content-encoding")).toBeNull();
    const gz = await t.app.request("/openapi.json", { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gz.headers.get("vary") ?? "").toMatch(/accept-encoding/i);
    const packed = new Uint8Array(await gz.arrayBuffer());
    expect(gunzipSync(packed).equals(Buffer.from(raw))).toBe(true);
    console.info(`/openapi.json: ${raw.length} B → ${packed.length} B gzipped`);
    expect(packed.length).toBeLessThan(raw.length / 4);
  });

  it("leaves small answers alone", async () => {
    const res = await t.app.request("/healthz", { headers: { "accept-encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(await res.json()).toMatchObject({ status: "ok" });
  });
});
