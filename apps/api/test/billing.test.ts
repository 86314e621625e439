import { randomUUID } from "node:crypto";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeService, makeTariff } from "../../../packages/core/test/billing-helpers";
import { call, createTestApp, operator, signIn, type TestApp, testClock } from "./helpers";

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let admin: string;
let viewer: string;
beforeAll(async () => {
  t = await createTestApp({ clock: testClock(new Date("2026-11-02T08:00:00Z")) });
  co = await makeCompany(t.conn, {
    billingSystem: "credit",
    accountsPerGroup: 1,
    now: new Date("2025-01-01"),
  });
  other = await makeCompany(t.conn, { accountsPerGroup: 1 });
  const tariff = await makeTariff(t.conn, { fee: 100_000 });
  for (const a of co.accounts)
    await makeService(t.conn, {
      companyId: co.id,
      accountId: a.id,
      tariffId: tariff.id,
      connectedAt: new Date("2026-01-01"),
    });
  admin = await signIn(t.app, co.admin.login, co.admin.password);
  viewer = await signIn(t.app, co.viewer.login, co.viewer.password);
});
afterAll(() => t.close());

async function waitForRun(id: string) {
  for (let i = 0; i < 200; i++) {
    const r = await call(t.app, "GET", `/v1/operator/billing/runs/${id}`, undefined, operator);
    if (r.body.status !== "running") return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error("billing run did not finish");
}

describe("operator billing runs", () => {
  it("runs a period in the background and reports progress", async () => {
    const res = await call(t.app, "POST", "/v1/operator/billing/runs", { period: "2026-10" }, operator);
    expect(res.status).toBe(202);
    expect(res.body.period).toBe("2026-10");
    const done = await waitForRun(res.body.id);
    expect(done.body).toMatchObject({ status: "completed", progress: 1 });
    expect(done.body.invoices_created).toBeGreaterThanOrEqual(3);
    // Again: nothing new.
    const again = await call(t.app, "POST", "/v1/operator/billing/runs", { period: "2026-10" }, operator);
    expect((await waitForRun(again.body.id)).body.invoices_created).toBe(0);
  });

  it("guards the operator routes", async () => {
    expect((await call(t.app, "POST", "/v1/operator/billing/runs", { period: "2026-10" })).status).toBe(401);
    expect(
      (await call(t.app, "POST", "/v1/operator/billing/runs", { period: "2026-10" }, { token: admin }))
        .status,
    ).toBe(403);
    const bad = await call(t.app, "POST", "/v1/operator/billing/runs", { period: "2026-13" }, operator);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("period");
    expect(
      (await call(t.app, "GET", `/v1/operator/billing/runs/${randomUUID()}`, undefined, operator)).status,
    ).toBe(404);
    expect(
      (await call(t.app, "GET", "/v1/operator/billing/runs/nope", undefined, operator)).body.errors[0].field,
    ).toBe("path.id");
  });
});

describe("operator ledger adjustments", () => {
  const path = "/v1/operator/ledger/adjustments";
  it("posts once per Idempotency-Key", async () => {
    const body = {
      account_id: co.accounts[0]!.id,
      amount: 30_000,
      kind: "payment",
      description: "Платёжное поручение № 5",
    };
    const h = { headers: { ...operator.headers, "idempotency-key": "adj-key-0001" } };
    const first = await call(t.app, "POST", path, body, h);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ amount: 30_000, currency: "RUB", replayed: false, kind: "payment" });
    const replay = await call(t.app, "POST", path, body, h);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ id: first.body.id, replayed: true });
  });

  it("rejects what a client can get wrong", async () => {
    const body = { account_id: co.accounts[0]!.id, amount: 100, description: "Корректировка" };
    expect((await call(t.app, "POST", path, body)).status).toBe(401);
    const noKey = await call(t.app, "POST", path, body, operator);
    expect(noKey.status).toBe(400);
    expect(noKey.body.errors[0].field).toBe("header.idempotency-key");
    const h = { headers: { ...operator.headers, "idempotency-key": "adj-key-0002" } };
    const zero = await call(t.app, "POST", path, { ...body, amount: 0 }, h);
    expect(zero.status).toBe(400);
    expect(zero.body.errors[0].field).toBe("amount");
    expect((await call(t.app, "POST", path, { ...body, account_id: randomUUID() }, h)).status).toBe(404);
  });
});

describe("GET /v1/balance", () => {
  it("explains the balance of the company, a group and an account", async () => {
    const res = await call(t.app, "GET", "/v1/balance?period=2026-10", undefined, { token: viewer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      opening_balance: 0,
      charges: 3 * 122_000,
      payments: 0,
      currency: "RUB",
    });
    expect(res.body.closing_balance).toBe(-366_000);
    // The report says which days it covers the way the query does: both ends inclusive.
    expect([res.body.from, res.body.to]).toEqual(["2026-10-01", "2026-10-31"]);
    const nov = await call(t.app, "GET", "/v1/balance?from=2026-11-01&to=2026-11-30", undefined, {
      token: viewer,
    });
    expect(nov.body).toMatchObject({
      from: "2026-11-01",
      to: "2026-11-30",
      opening_balance: -366_000,
      payments: 30_000,
      closing_balance: -336_000,
    });
    const acc = await call(
      t.app,
      "GET",
      `/v1/balance?period=2026-10&account_id=${co.accounts[0]!.id}`,
      undefined,
      { token: viewer },
    );
    expect(acc.body.charges).toBe(122_000);
    const grp = await call(
      t.app,
      "GET",
      `/v1/balance?period=2026-10&group_id=${co.groups[1]!.id}`,
      undefined,
      {
        token: viewer,
      },
    );
    expect(grp.body.charges).toBe(2 * 122_000); // «Регионы» and its subgroup «Казань»
  });

  it("errors: 401, 404 for another company's account, 400 naming the field", async () => {
    expect((await call(t.app, "GET", "/v1/balance?period=2026-10")).status).toBe(401);
    const foreign = await call(
      t.app,
      "GET",
      `/v1/balance?period=2026-10&account_id=${other.accounts[0]!.id}`,
      undefined,
      {
        token: viewer,
      },
    );
    expect(foreign.status).toBe(404);
    const bad = await call(t.app, "GET", "/v1/balance?period=2026-1", undefined, { token: viewer });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("query.period");
    const none = await call(t.app, "GET", "/v1/balance?from=2026-01-01", undefined, { token: viewer });
    expect(none.body.errors[0].field).toBe("query.to");
  });
});
