import { deliverWebhooks, emitEvent } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { webhookDeliveries } from "@lk/db";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Receiver, startReceiver } from "../../../packages/core/test/webhooks-receiver";
import { verifyWebhook } from "../../../packages/sdk/src/webhooks";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

let t: TestApp;
let a: TestCompany;
let b: TestCompany;
let adminA: string;
let adminB: string;
let accountantA: string;
let viewerA: string;
let rx: Receiver;

const run = () => deliverWebhooks({ db: t.conn.db, now: t.clock, limit: 100 });
const headersOf = (r: Receiver["received"][number]) => r.headers as Record<string, string>;

async function createEndpoint(token = adminA, body: Record<string, unknown> = {}) {
  const res = await call(
    t.app,
    "POST",
    "/v1/webhook-endpoints",
    { url: rx.url, events: ["*"], ...body },
    { token },
  );
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string; url: string };
}

beforeAll(async () => {
  t = await createTestApp();
  a = await makeCompany(t.conn, { accountsPerGroup: 0 });
  b = await makeCompany(t.conn, { accountsPerGroup: 0 });
  adminA = await signIn(t.app, a.admin.login, a.admin.password);
  adminB = await signIn(t.app, b.admin.login, b.admin.password);
  accountantA = await signIn(t.app, a.accountant.login, a.accountant.password);
  viewerA = await signIn(t.app, a.viewer.login, a.viewer.password);
  rx = await startReceiver();
});
afterAll(async () => {
  await rx.close();
  await t.close();
});

describe("a webhook produced by the server", () => {
  it("verifies with the standardwebhooks npm package and with our SDK", async () => {
    const ep = await createEndpoint(adminA, { events: ["invoice.issued"] });
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const { eventId } = await t.conn.db.transaction((tx) =>
      emitEvent(tx, {
        companyId: a.id,
        type: "invoice.issued",
        data: { id: "inv_1", number: "СЧ-2026-000001", amount: 1234500, currency: "RUB" },
        now: t.clock(),
      }),
    );
    expect(await run()).toMatchObject({ attempted: 1, succeeded: 1 });
    const got = rx.received.at(-1)!;
    expect(got.headers["webhook-id"]).toBe(eventId);
    const viaLibrary = new Webhook(ep.secret).verify(got.body, headersOf(got)) as { type: string };
    expect(viaLibrary.type).toBe("invoice.issued");
    const viaSdk = await verifyWebhook<{ type: string; data: { number: string } }>(
      got.body,
      headersOf(got),
      ep.secret,
      { now: t.clock().getTime() },
    );
    expect(viaSdk.data.number).toBe("СЧ-2026-000001");
  });

  it("is rejected by both with a wrong secret, and by both when its timestamp is old", async () => {
    const ep = await createEndpoint(adminA, { events: ["payment.failed"] });
    const wrong = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    t.clock.set(new Date(Date.now() - 10 * 60_000)); // the server's clock says ten minutes ago
    await t.conn.db.transaction((tx) =>
      emitEvent(tx, { companyId: a.id, type: "payment.failed", data: { id: "p" }, now: t.clock() }),
    );
    await run();
    const old = rx.received.at(-1)!;
    t.clock.set(new Date());
    await t.conn.db.transaction((tx) =>
      emitEvent(tx, { companyId: a.id, type: "payment.failed", data: { id: "p2" }, now: t.clock() }),
    );
    await run();
    const fresh = rx.received.at(-1)!;

    expect(() => new Webhook(wrong).verify(fresh.body, headersOf(fresh))).toThrow();
    await expect(verifyWebhook(fresh.body, headersOf(fresh), wrong)).rejects.toThrow();
    expect(() => new Webhook(ep.secret).verify(old.body, headersOf(old))).toThrow(/timestamp/i);
    await expect(verifyWebhook(old.body, headersOf(old), ep.secret)).rejects.toThrow(/timestamp/i);
    // The fresh one with the right secret passes both; a tampered body passes neither.
    expect(() => new Webhook(ep.secret).verify(fresh.body, headersOf(fresh))).not.toThrow();
    const tampered = fresh.body.replace("p2", "p3");
    expect(() => new Webhook(ep.secret).verify(tampered, headersOf(fresh))).toThrow();
    await expect(verifyWebhook(tampered, headersOf(fresh), ep.secret)).rejects.toThrow();
  });

  it("after a secret rotation carries both signatures; either secret verifies", async () => {
    const ep = await createEndpoint(adminA, { events: ["order.updated"] });
    const rot = await call(t.app, "POST", `/v1/webhook-endpoints/${ep.id}/rotate-secret`, undefined, {
      token: adminA,
    });
    expect(rot.status).toBe(200);
    expect(rot.body.secret).not.toBe(ep.secret);
    await t.conn.db.transaction((tx) =>
      emitEvent(tx, { companyId: a.id, type: "order.updated", data: { id: "o1" }, now: t.clock() }),
    );
    await run();
    const got = rx.received.at(-1)!;
    expect(String(got.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const secret of [ep.secret, rot.body.secret as string]) {
      expect(() => new Webhook(secret).verify(got.body, headersOf(got))).not.toThrow();
      await expect(verifyWebhook(got.body, headersOf(got), secret)).resolves.toBeTruthy();
    }
  });
});

describe("webhook endpoints CRUD", () => {
  it("creates, lists, gets, updates and deletes", async () => {
    const ep = await createEndpoint(adminA, {
      events: ["payment.succeeded", "balance.low"],
      description: "ERP",
    });
    const list = await call(t.app, "GET", "/v1/webhook-endpoints", undefined, { token: adminA });
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: { id: string }) => e.id)).toContain(ep.id);
    expect(list.body.data[0].secret).toBeUndefined();
    const got = await call(t.app, "GET", `/v1/webhook-endpoints/${ep.id}`, undefined, { token: adminA });
    expect(got.body).toMatchObject({
      events: ["payment.succeeded", "balance.low"],
      status: "active",
      description: "ERP",
    });
    const patched = await call(
      t.app,
      "PATCH",
      `/v1/webhook-endpoints/${ep.id}`,
      { events: ["account.suspended"], status: "disabled" },
      { token: adminA },
    );
    expect(patched.body).toMatchObject({
      events: ["account.suspended"],
      status: "disabled",
      disabled_reason: "manual",
    });
    const del = await call(t.app, "DELETE", `/v1/webhook-endpoints/${ep.id}`, undefined, { token: adminA });
    expect(del.status).toBe(204);
    expect(
      (await call(t.app, "GET", `/v1/webhook-endpoints/${ep.id}`, undefined, { token: adminA })).status,
    ).toBe(404);
  });

  it("accepts an API key with the webhooks:write scope", async () => {
    const key = await call(
      t.app,
      "POST",
      "/v1/api-keys",
      { name: "k", scopes: ["webhooks:write"] },
      { token: adminA },
    );
    const res = await call(
      t.app,
      "POST",
      "/v1/webhook-endpoints",
      { url: "https://erp.example.com/h", events: ["*"] },
      { token: key.body.key },
    );
    expect(res.status).toBe(201);
  });

  it("is 401 without a token and 403 for accountants and viewers", async () => {
    const ep = await createEndpoint();
    const routes = [
      ["POST", "/v1/webhook-endpoints", { url: rx.url, events: ["*"] }],
      ["GET", "/v1/webhook-endpoints", undefined],
      ["GET", `/v1/webhook-endpoints/${ep.id}`, undefined],
      ["PATCH", `/v1/webhook-endpoints/${ep.id}`, { description: "x" }],
      ["DELETE", `/v1/webhook-endpoints/${ep.id}`, undefined],
      ["POST", `/v1/webhook-endpoints/${ep.id}/rotate-secret`, undefined],
      ["POST", `/v1/webhook-endpoints/${ep.id}/test`, undefined],
      ["GET", `/v1/webhook-endpoints/${ep.id}/deliveries`, undefined],
    ] as const;
    for (const [method, path, body] of routes) {
      expect((await call(t.app, method, path, body)).status, `${method} ${path}`).toBe(401);
      for (const token of [accountantA, viewerA])
        expect((await call(t.app, method, path, body, { token })).status, `${method} ${path}`).toBe(403);
    }
  });

  it("is 404 on another company's endpoint", async () => {
    const ep = await createEndpoint(adminB);
    for (const [method, path, body] of [
      ["GET", `/v1/webhook-endpoints/${ep.id}`, undefined],
      ["PATCH", `/v1/webhook-endpoints/${ep.id}`, { description: "x" }],
      ["DELETE", `/v1/webhook-endpoints/${ep.id}`, undefined],
      ["POST", `/v1/webhook-endpoints/${ep.id}/rotate-secret`, undefined],
      ["POST", `/v1/webhook-endpoints/${ep.id}/test`, undefined],
      ["GET", `/v1/webhook-endpoints/${ep.id}/deliveries`, undefined],
    ] as const) {
      const res = await call(t.app, method, path, body, { token: adminA });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe("webhook_endpoint_not_found");
    }
  });

  it("names the bad field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: "http://example.com/h", events: ["*"] }, "url"],
      [{ url: "https://10.0.0.5/h", events: ["*"] }, "url"],
      [{ url: "https://u:p@example.com/h", events: ["*"] }, "url"],
      [{ url: "not a url", events: ["*"] }, "url"],
      [{ url: "https://example.com/h", events: ["payment.exploded"] }, "events.0"],
      [{ url: "https://example.com/h", events: [] }, "events"],
      [{ events: ["*"] }, "url"],
      [{ url: "https://example.com/h", events: ["*"], secret: "mine" }, "body"],
    ];
    for (const [body, field] of cases) {
      const res = await call(t.app, "POST", "/v1/webhook-endpoints", body, { token: adminA, lang: "ru" });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
      expect(res.body.errors[0].field, JSON.stringify(body)).toBe(field);
    }
    const ep = await createEndpoint();
    const patch = await call(
      t.app,
      "PATCH",
      `/v1/webhook-endpoints/${ep.id}`,
      { status: "paused" },
      { token: adminA },
    );
    expect(patch.body.errors[0].field).toBe("status");
    const id = await call(t.app, "GET", "/v1/webhook-endpoints/123", undefined, { token: adminA });
    expect(id.body.errors[0].field).toBe("path.id");
  });
});

describe("delivery log, test event, resend", () => {
  it("sends webhook.test, logs it, and resends with the same webhook-id", async () => {
    const ep = await createEndpoint(adminA, { events: ["balance.low"] });
    const test = await call(t.app, "POST", `/v1/webhook-endpoints/${ep.id}/test`, undefined, {
      token: adminA,
    });
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ event_type: "webhook.test", status: "pending", attempts: 0 });
    rx.respondWith(500, "down for maintenance");
    await run();
    const log = await call(t.app, "GET", `/v1/webhook-endpoints/${ep.id}/deliveries`, undefined, {
      token: adminA,
    });
    expect(log.status).toBe(200);
    expect(log.body.data[0]).toMatchObject({
      id: test.body.id,
      status: "pending",
      attempts: 1,
      last_status_code: 500,
      last_error: "HTTP 500",
      response_excerpt: "down for maintenance",
    });
    expect(log.body.data[0].next_attempt_at).toBe(new Date(t.clock().getTime() + 5000).toISOString());
    rx.respondWith(204);
    const resent = await call(t.app, "POST", `/v1/webhook-deliveries/${test.body.id}/resend`, undefined, {
      token: adminA,
    });
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ status: "pending", attempts: 0 });
    await run();
    const got = rx.received.at(-1)!;
    expect(got.headers["webhook-id"]).toBe(test.body.event_id);
    expect(JSON.parse(got.body)).toMatchObject({ type: "webhook.test", data: { endpoint_id: ep.id } });
    const ok = await call(
      t.app,
      "GET",
      `/v1/webhook-endpoints/${ep.id}/deliveries?status=succeeded`,
      undefined,
      {
        token: adminA,
      },
    );
    expect(ok.body.data.map((d: { id: string }) => d.id)).toEqual([test.body.id]);
  });

  it("resend: 404 for another company's delivery, 403 for viewers, 401 without a token, 400 for a bad id, 409 when disabled", async () => {
    const ep = await createEndpoint(adminB, { events: ["balance.low"] });
    const test = await call(t.app, "POST", `/v1/webhook-endpoints/${ep.id}/test`, undefined, {
      token: adminB,
    });
    const path = `/v1/webhook-deliveries/${test.body.id}/resend`;
    expect((await call(t.app, "POST", path, undefined, { token: adminA })).status).toBe(404);
    expect((await call(t.app, "POST", path, undefined, { token: viewerA })).status).toBe(403);
    expect((await call(t.app, "POST", path)).status).toBe(401);
    const bad = await call(t.app, "POST", "/v1/webhook-deliveries/x/resend", undefined, { token: adminA });
    expect(bad.body.errors[0].field).toBe("path.id");
    await call(t.app, "PATCH", `/v1/webhook-endpoints/${ep.id}`, { status: "disabled" }, { token: adminB });
    const disabled = await call(t.app, "POST", path, undefined, { token: adminB });
    expect(disabled.status).toBe(409);
    expect(disabled.body.code).toBe("webhook_endpoint_disabled");
  });

  it("re-enabling a disabled endpoint resumes its waiting deliveries", async () => {
    const ep = await createEndpoint(adminA, { events: ["account.suspended"] });
    await call(t.app, "PATCH", `/v1/webhook-endpoints/${ep.id}`, { status: "disabled" }, { token: adminA });
    const ofEndpoint = () =>
      t.conn.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, ep.id));
    // Disabled endpoints get no new events…
    await t.conn.db.transaction((tx) =>
      emitEvent(tx, { companyId: a.id, type: "account.suspended", data: {}, now: t.clock() }),
    );
    expect(await ofEndpoint()).toEqual([]);
    await t.conn.db.insert(webhookDeliveries).values({
      eventId: "msg_waiting",
      companyId: a.id,
      endpointId: ep.id,
      eventType: "account.suspended",
      payload: { type: "account.suspended", timestamp: t.clock().toISOString(), data: {} },
      nextAttemptAt: t.clock(),
    });
    await run();
    // …and what waits stays waiting
    expect((await ofEndpoint())[0]).toMatchObject({ status: "pending", attempts: 0 });
    const on = await call(
      t.app,
      "PATCH",
      `/v1/webhook-endpoints/${ep.id}`,
      { status: "active" },
      { token: adminA },
    );
    expect(on.body).toMatchObject({ status: "active", consecutive_failures: 0, disabled_reason: null });
    await run();
    expect((await ofEndpoint())[0]).toMatchObject({ status: "succeeded", attempts: 1 });
  });
});

describe("OpenAPI", () => {
  it("documents the API-key and webhook routes and schemas", async () => {
    const res = await call(t.app, "GET", "/openapi.json");
    expect(res.status).toBe(200);
    for (const path of [
      "/v1/api-keys",
      "/v1/api-keys/{id}",
      "/v1/webhook-endpoints",
      "/v1/webhook-endpoints/{id}",
      "/v1/webhook-endpoints/{id}/rotate-secret",
      "/v1/webhook-endpoints/{id}/test",
      "/v1/webhook-endpoints/{id}/deliveries",
      "/v1/webhook-deliveries/{id}/resend",
    ])
      expect(res.body.paths[path], path).toBeDefined();
    for (const name of [
      "ApiKey",
      "CreatedApiKey",
      "WebhookEndpoint",
      "WebhookEndpointWithSecret",
      "WebhookDelivery",
    ])
      expect(res.body.components.schemas[name], name).toBeDefined();
  });
});
