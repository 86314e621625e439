import { authenticatePartnerSecret } from "@lk/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, operator, type TestApp } from "./helpers";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const create = (body: unknown, opts = operator) => call(t.app, "POST", "/v1/operator/partners", body, opts);
const lookupAs = (pk: string, origin: string) =>
  call(t.app, "GET", "/v1/public/accounts/lookup?query=770000000000", undefined, {
    headers: { "x-lk-key": pk, origin, "x-forwarded-for": "203.0.113.9" },
  });

describe("operator: partners", () => {
  it("creates a partner with a pk_test_ key, origins, commission; the secret key is shown once", async () => {
    const r = await create({
      name: "Банк «Пример»",
      origins: ["https://bank.example", "http://localhost:8080/"],
      commission: { card: { percent_bp: 100, min: 500 }, sbp: { percent_bp: 40, min: 0 } },
      webhook_url: "https://bank.example/hooks",
    });
    expect(r.status).toBe(201);
    expect(r.body.publishable_key).toMatch(/^pk_test_/);
    expect(r.body.secret_key).toMatch(/^sk_partner_/);
    expect(r.body.webhook_secret).toMatch(/^whsec_/);
    expect(r.body.allowed_origins).toEqual(["https://bank.example", "http://localhost:8080"]);
    expect(r.body.commission).toEqual({
      card: { percent_bp: 100, min: 500 },
      sbp: { percent_bp: 40, min: 0 },
    });
    const got = await call(t.app, "GET", `/v1/operator/partners/${r.body.id}`, undefined, operator);
    expect(got.body.secret_key).toBeUndefined();
    expect(JSON.stringify(got.body)).not.toContain(r.body.secret_key);
    const list = await call(t.app, "GET", "/v1/operator/partners", undefined, operator);
    expect(list.body.data.map((p: { id: string }) => p.id)).toContain(r.body.id);
    // The secret key authenticates the partner's back end (origin-less principal).
    expect(await authenticatePartnerSecret(t.conn.db, r.body.secret_key)).toEqual({
      type: "partner",
      partnerId: r.body.id,
      origin: null,
    });
  });

  it("refuses non-operators, bad origins and bad webhook URLs", async () => {
    expect(
      (await create({ name: "x", origins: ["https://a.example"] }, { headers: {} } as never)).status,
    ).toBe(401);
    for (const origin of ["http://bank.example", "https://bank.example/path", "*", "ftp://x"]) {
      const r = await create({ name: "x", origins: [origin] });
      expect([r.status, r.body.errors?.[0]?.field]).toEqual([400, "origins.0"]);
    }
    const w = await create({ name: "x", origins: ["https://a.example"], webhook_url: "http://a.example/h" });
    expect(w.body.errors[0].field).toBe("webhook_url");
    expect((await call(t.app, "GET", "/v1/operator/partners/nope", undefined, operator)).status).toBe(400);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await call(t.app, "GET", `/v1/operator/partners/${missing}`, undefined, operator)).status).toBe(
      404,
    );
  });

  it("updates origins and status, rotates keys (the old key stops at once)", async () => {
    const p = (await create({ name: "Агент", origins: ["https://agent.example"] })).body;
    expect((await lookupAs(p.publishable_key, "https://agent.example")).status).toBe(404); // allowed; no such account
    const upd = await call(
      t.app,
      "PATCH",
      `/v1/operator/partners/${p.id}`,
      { origins: ["https://new.example"] },
      operator,
    );
    expect(upd.body.allowed_origins).toEqual(["https://new.example"]);
    expect((await lookupAs(p.publishable_key, "https://agent.example")).body.code).toBe("origin_not_allowed");
    const rot = await call(t.app, "POST", `/v1/operator/partners/${p.id}/rotate-keys`, undefined, operator);
    expect(rot.body.publishable_key).not.toBe(p.publishable_key);
    expect((await lookupAs(p.publishable_key, "https://new.example")).body.code).toBe(
      "invalid_publishable_key",
    );
    expect((await lookupAs(rot.body.publishable_key, "https://new.example")).status).toBe(404);
    await call(t.app, "PATCH", `/v1/operator/partners/${p.id}`, { status: "disabled" }, operator);
    expect((await lookupAs(rot.body.publishable_key, "https://new.example")).body.code).toBe(
      "partner_disabled",
    );
  });

  it("the partner's back end reads its payment with Bearer sk_partner_…", async () => {
    const p = (await create({ name: "Сервер", origins: ["https://srv.example"] })).body;
    const missing = "00000000-0000-4000-8000-000000000000";
    const r = await call(t.app, "GET", `/v1/partner/payments/${missing}`, undefined, { token: p.secret_key });
    expect([r.status, r.body.code]).toEqual([404, "payment_not_found"]);
    const bad = await call(t.app, "GET", `/v1/partner/payments/${missing}`, undefined, {
      token: `${p.secret_key.slice(0, -1)}x`,
    });
    expect(bad.status).toBe(401);
  });
});
