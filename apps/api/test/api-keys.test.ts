import { createHash } from "node:crypto";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { apiKeys, auditLog } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp } from "./helpers";

let t: TestApp;
let a: TestCompany;
let b: TestCompany;
let adminA: string;
let adminB: string;
let accountantA: string;
let viewerA: string;

const ALL_SCOPES = [
  "accounts:read",
  "calls:read",
  "documents:read",
  "payments:write",
  "services:write",
  "webhooks:write",
];

async function createKey(token: string, body: Record<string, unknown> = {}) {
  const res = await call(
    t.app,
    "POST",
    "/v1/api-keys",
    { name: "ERP", scopes: ["webhooks:write"], ...body },
    { token },
  );
  expect(res.status).toBe(201);
  return res.body as { id: string; key: string; prefix: string };
}

beforeAll(async () => {
  t = await createTestApp();
  a = await makeCompany(t.conn, { accountsPerGroup: 0 });
  b = await makeCompany(t.conn, { accountsPerGroup: 0 });
  adminA = await signIn(t.app, a.admin.login, a.admin.password);
  adminB = await signIn(t.app, b.admin.login, b.admin.password);
  accountantA = await signIn(t.app, a.accountant.login, a.accountant.password);
  viewerA = await signIn(t.app, a.viewer.login, a.viewer.password);
});
afterAll(() => t.close());

describe("POST /v1/api-keys", () => {
  it("shows the key once and stores only its SHA-256", async () => {
    const res = await call(
      t.app,
      "POST",
      "/v1/api-keys",
      { name: "1С", scopes: ["accounts:read", "calls:read"], mode: "test" },
      { token: adminA },
    );
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toMatchObject({
      name: "1С",
      mode: "test",
      scopes: ["accounts:read", "calls:read"],
      prefix: `${res.body.key.slice(0, 12)}…`,
      created_by: a.admin.id,
      last_used_at: null,
      revoked_at: null,
    });
    const [row] = await t.conn.db.select().from(apiKeys).where(eq(apiKeys.id, res.body.id));
    expect(row!.keyHash).toBe(createHash("sha256").update(res.body.key).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(res.body.key);
    const live = await createKey(adminA);
    expect(live.key).toMatch(/^sk_live_/);
  });

  it("is 401 without credentials", async () => {
    const res = await call(t.app, "POST", "/v1/api-keys", { name: "x", scopes: ["calls:read"] });
    expect(res.status).toBe(401);
  });

  it("is 403 for accountants, viewers and API keys (even with every scope)", async () => {
    const body = { name: "x", scopes: ["calls:read"] };
    for (const token of [accountantA, viewerA, (await createKey(adminA, { scopes: ALL_SCOPES })).key]) {
      const res = await call(t.app, "POST", "/v1/api-keys", body, { token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe("forbidden");
    }
  });

  it("names the bad field", async () => {
    const bad = await call(
      t.app,
      "POST",
      "/v1/api-keys",
      { name: "x", scopes: ["users:manage"] },
      { token: adminA },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("scopes.0");
    const noName = await call(t.app, "POST", "/v1/api-keys", { scopes: ["calls:read"] }, { token: adminA });
    expect(noName.body.errors).toEqual([expect.objectContaining({ field: "name", code: "required" })]);
    const empty = await call(t.app, "POST", "/v1/api-keys", { name: "x", scopes: [] }, { token: adminA });
    expect(empty.body.errors[0].field).toBe("scopes");
    const mode = await call(
      t.app,
      "POST",
      "/v1/api-keys",
      { name: "x", scopes: ["calls:read"], mode: "prod" },
      { token: adminA },
    );
    expect(mode.body.errors[0].field).toBe("mode");
    const json = await call(t.app, "POST", "/v1/api-keys", undefined, { token: adminA, rawBody: "{" });
    expect(json.status).toBe(400);
  });
});

describe("GET /v1/api-keys", () => {
  it("lists the company's keys without secrets, paginated", async () => {
    await createKey(adminA, { name: "one" });
    await createKey(adminA, { name: "two" });
    const first = await call(t.app, "GET", "/v1/api-keys?limit=1", undefined, { token: adminA });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(1);
    expect(first.body.data[0].key).toBeUndefined();
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await call(
      t.app,
      "GET",
      `/v1/api-keys?limit=1&cursor=${first.body.next_cursor}`,
      undefined,
      {
        token: adminA,
      },
    );
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
    const other = await call(t.app, "GET", "/v1/api-keys", undefined, { token: adminB });
    expect(other.body.data).toEqual([]);
  });

  it("is 401 / 403 / 400 as it should", async () => {
    expect((await call(t.app, "GET", "/v1/api-keys")).status).toBe(401);
    expect((await call(t.app, "GET", "/v1/api-keys", undefined, { token: viewerA })).status).toBe(403);
    const bad = await call(t.app, "GET", "/v1/api-keys?cursor=zzz", undefined, { token: adminA });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("query.cursor");
    const limit = await call(t.app, "GET", "/v1/api-keys?limit=0", undefined, { token: adminA });
    expect(limit.body.errors[0].field).toBe("query.limit");
  });
});

describe("DELETE /v1/api-keys/{id}", () => {
  it("revokes: the key is 401 api_key_revoked at once", async () => {
    const k = await createKey(adminA);
    expect((await call(t.app, "GET", "/v1/webhook-endpoints", undefined, { token: k.key })).status).toBe(200);
    const res = await call(t.app, "DELETE", `/v1/api-keys/${k.id}`, undefined, { token: adminA });
    expect(res.status).toBe(200);
    expect(res.body.revoked_at).toEqual(expect.any(String));
    const use = await call(t.app, "GET", "/v1/webhook-endpoints", undefined, { token: k.key });
    expect(use.status).toBe(401);
    expect(use.body.code).toBe("api_key_revoked");
    const again = await call(t.app, "DELETE", `/v1/api-keys/${k.id}`, undefined, { token: adminA });
    expect(again.status).toBe(200);
    const rejected = await t.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, k.id), eq(auditLog.action, "api_key.rejected")));
    expect(rejected).toHaveLength(1);
  });

  it("is 404 for another company's key, 403 for non-admins, 400 for a bad id, 401 without a token", async () => {
    const k = await createKey(adminA);
    const other = await call(t.app, "DELETE", `/v1/api-keys/${k.id}`, undefined, { token: adminB });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe("api_key_not_found");
    expect(
      (await call(t.app, "DELETE", `/v1/api-keys/${k.id}`, undefined, { token: accountantA })).status,
    ).toBe(403);
    const bad = await call(t.app, "DELETE", "/v1/api-keys/nope", undefined, { token: adminA });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("path.id");
    expect((await call(t.app, "DELETE", `/v1/api-keys/${k.id}`)).status).toBe(401);
  });
});

describe("authenticating with a key", () => {
  it("is 401 invalid_api_key for an unknown or malformed key", async () => {
    for (const token of [`sk_live_${"A".repeat(43)}`, "sk_live_short", "sk_nope"]) {
      const res = await call(t.app, "GET", "/v1/webhook-endpoints", undefined, { token });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe("invalid_api_key");
    }
  });

  it("never reaches another company: B's endpoint is 404 to A's key", async () => {
    const ep = await call(
      t.app,
      "POST",
      "/v1/webhook-endpoints",
      { url: "https://b.example.com/hooks", events: ["*"] },
      { token: adminB },
    );
    const k = await createKey(adminA);
    for (const [method, path] of [
      ["GET", `/v1/webhook-endpoints/${ep.body.id}`],
      ["PATCH", `/v1/webhook-endpoints/${ep.body.id}`],
      ["DELETE", `/v1/webhook-endpoints/${ep.body.id}`],
      ["GET", `/v1/webhook-endpoints/${ep.body.id}/deliveries`],
    ] as const) {
      const res = await call(t.app, method, path, method === "PATCH" ? { description: "x" } : undefined, {
        token: k.key,
      });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const list = await call(t.app, "GET", "/v1/webhook-endpoints", undefined, { token: k.key });
    expect(list.body.data.map((e: { id: string }) => e.id)).not.toContain(ep.body.id);
  });

  it("is 403 without the route's scope", async () => {
    const k = await createKey(adminA, { scopes: ["accounts:read"] });
    const res = await call(t.app, "GET", "/v1/webhook-endpoints", undefined, { token: k.key });
    expect(res.status).toBe(403);
  });

  it("updates last_used_at at most once a minute and audits every request", async () => {
    const k = await createKey(adminA);
    const lastUsed = async () =>
      (await t.conn.db.select().from(apiKeys).where(eq(apiKeys.id, k.id)))[0]!.lastUsedAt?.getTime();
    expect(await lastUsed()).toBeUndefined();
    const t0 = t.clock().getTime();
    await call(t.app, "GET", "/v1/webhook-endpoints", undefined, { token: k.key });
    expect(await lastUsed()).toBe(t0);
    t.clock.advance(30_000);
    await call(t.app, "GET", "/v1/webhook-endpoints?limit=5", undefined, {
      token: k.key,
      headers: { "x-request-id": "req-audit-0001" },
    });
    expect(await lastUsed()).toBe(t0);
    t.clock.advance(31_000);
    await call(t.app, "POST", "/v1/api-keys", { name: "x", scopes: ["calls:read"] }, { token: k.key }); // 403, still audited
    expect(await lastUsed()).toBe(t0 + 61_000);
    const rows = await t.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, k.id), eq(auditLog.action, "api_key.request")))
      .orderBy(auditLog.id);
    expect(rows.map((r) => r.data)).toEqual([
      { method: "GET", path: "/v1/webhook-endpoints", mode: "live" },
      { method: "GET", path: "/v1/webhook-endpoints", mode: "live" },
      { method: "POST", path: "/v1/api-keys", mode: "live" },
    ]);
    expect(rows.every((r) => r.companyId === a.id && r.actorType === "api_key")).toBe(true);
    expect(rows[1]!.requestId).toBe("req-audit-0001");
  });
});

describe("contracts mirror core", () => {
  it("lists the same scopes and webhook event types", async () => {
    const { apiKeyScopes, webhookEventTypes } = await import("@lk/core");
    const { apiKeyScopeValues, webhookEventValues } = await import("@lk/contracts");
    expect([...apiKeyScopeValues]).toEqual([...apiKeyScopes]);
    expect([...webhookEventValues]).toEqual([...webhookEventTypes]);
  });
});
