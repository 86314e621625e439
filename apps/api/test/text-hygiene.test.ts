import { serve } from "@hono/node-server";
import { createSandboxProvider } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import type { Connection } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signatureHeaders } from "../../acquirer-sandbox/src/signature";
import { type App, createApp } from "../src/app";
import { answerClientErrors } from "../src/http/client-error";
import { call, operator, signIn } from "./helpers";
import { paymentsConfig, SECRET, SHOP } from "./payments-env";

// One place for text hygiene (issue 18): strings PostgreSQL cannot store are a 400 naming the field,
// from every part of a request, before any route or service sees them.
let conn: Connection;
let app: App;
let co: TestCompany;
let admin: string;
beforeAll(async () => {
  conn = await createTestDatabase();
  app = createApp({
    conn,
    config: paymentsConfig(),
    // Only verifies signatures here; never reached over the network.
    acquirer: createSandboxProvider({ baseUrl: "http://127.0.0.1:9", shopId: SHOP, secretKey: SECRET }),
  });
  co = await makeCompany(conn, { accountsPerGroup: 1 });
  admin = await signIn(app, co.admin.login, co.admin.password);
});
afterAll(() => conn.close());

const NUL = "a\u0000b";
const LONE = "a\ud800b";

const expectField = (r: { status: number; body: any; headers: Headers }, field: string) => {
  expect(r.status).toBe(400);
  expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(r.body.code).toBe("validation_failed");
  expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
};

describe("bodies", () => {
  it("NUL in sign-in, forgot-password and bodies of signed-in routes is a 400 naming the field", async () => {
    expectField(await call(app, "POST", "/v1/auth/sign-in", { login: NUL, password: "x" }), "login");
    expectField(await call(app, "POST", "/v1/auth/forgot-password", { login: NUL }), "login");
    expectField(await call(app, "POST", "/v1/groups", { name: NUL }, { token: admin }), "name");
    expectField(
      await call(app, "POST", "/v1/api-keys", { name: NUL, scopes: ["accounts:read"] }, { token: admin }),
      "name",
    );
  });

  it("a lone surrogate anywhere (nested, in a key) is a 400; a paired one (emoji) is fine", async () => {
    expectField(await call(app, "POST", "/v1/groups", { name: LONE }, { token: admin }), "name");
    expectField(
      await call(
        app,
        "POST",
        "/v1/api-keys",
        { name: "k", scopes: ["accounts:read"], x: { y: [LONE] } },
        { token: admin },
      ),
      "x.y.0",
    );
    const r = await call(app, "POST", "/v1/groups", { name: "Отдел 🚀" }, { token: admin });
    expect(r.status).toBe(201);
  });

  it("a lone surrogate written as a JSON escape is caught too (the raw text is what arrives)", async () => {
    const r = await call(app, "POST", "/v1/groups", undefined, {
      token: admin,
      rawBody: '{"name":"a\\udc00b"}',
    });
    expectField(r, "name");
  });

  it("nesting deeper than 32 levels is a 400, not a stack walk", async () => {
    const deep = `${"[".repeat(5000)}"x"${"]".repeat(5000)}`;
    const r = await call(app, "POST", "/v1/groups", undefined, {
      token: admin,
      rawBody: `{"name":"g","deep":${deep}}`,
    });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].code).toBe("too_deep");
  });
});

describe("path, query and headers", () => {
  it("%00 in a path parameter is a 400 naming it", async () => {
    expectField(
      await call(
        app,
        "POST",
        "/v1/payments/%00/refunds",
        { amount: 100 },
        { token: admin, headers: { "idempotency-key": "hygiene-key-1" } },
      ),
      "path.id",
    );
    expectField(
      await call(app, "GET", "/v1/accounts/%00/promised-payment", undefined, { token: admin }),
      "path.id",
    );
    expectField(
      await call(app, "POST", "/v1/operator/users/%00/reset-password", undefined, operator),
      "path.login",
    );
  });

  it("NUL in a query filter is a 400 naming it", async () => {
    expectField(
      await call(app, "GET", "/v1/audit-log?action=%00", undefined, { token: admin }),
      "query.action",
    );
    expectField(await call(app, "GET", "/v1/accounts?q=a%00", undefined, { token: admin }), "query.q");
  });

  it("public lookups by account and invoice number", async () => {
    const r = await call(
      app,
      "POST",
      "/v1/operator/partners",
      { name: "P", origins: ["https://p.example"], commission: { card: { percent_bp: 0, min: 0 } } },
      operator,
    );
    const w = { headers: { "x-lk-key": r.body.publishable_key, origin: "https://p.example" } };
    expectField(await call(app, "GET", "/v1/public/accounts/lookup?query=%00", undefined, w), "query.query");
    expectField(await call(app, "GET", "/v1/public/invoices/%00", undefined, w), "path.number");
  });
});

describe("acquirer notifications with extreme values", () => {
  const send = (fields: Record<string, unknown>) => {
    const raw = JSON.stringify({
      event_id: "evt_1",
      type: "payment.succeeded",
      occurred_at: new Date().toISOString(),
      payment: {
        id: "ap_1",
        order_id: "00000000-0000-4000-8000-000000000000",
        status: "succeeded",
        amount: 100,
      },
      ...fields,
    });
    return app.request("/v1/acquirer/notifications", {
      method: "POST",
      headers: { "content-type": "application/json", ...signatureHeaders(SECRET, raw, new Date()) },
      body: raw,
    });
  };
  it("NUL in event_id, a 1 MB event_id and the year 275760 are 400s", async () => {
    for (const [fields, field] of [
      [{ event_id: "e\u0000" }, "event_id"],
      [{ event_id: "e".repeat(1024 * 1024) }, "event_id"],
      [{ occurred_at: "+275760-09-13T00:00:00.000Z" }, "occurred_at"],
    ] as const) {
      const res = await send(fields);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
      const body = await res.json();
      expect(body.errors[0].field).toBe(field);
    }
  });
});

describe("Node's own errors", () => {
  it("a 20 000-character URL is a 431 with a problem+json body", async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    answerClientErrors(server as never);
    await new Promise<void>((r) => server.once("listening", () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v1/accounts?q=${"x".repeat(20_000)}`);
      expect(res.status).toBe(431);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect((await res.json()).code).toBe("request_header_fields_too_large");
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
