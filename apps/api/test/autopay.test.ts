import { randomUUID } from "node:crypto";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signIn } from "./helpers";
import { createPaymentsEnv, type PaymentsEnv, payOnPage } from "./payments-env";

let env: PaymentsEnv;
let co: TestCompany;
let other: TestCompany;
let admin: string;
let accountant: string;
let viewer: string;
let otherAdmin: string;
let cardId: string;

const api = (method: string, path: string, body?: unknown, token = accountant) =>
  call(env.app, method, path, body, { token });

beforeAll(async () => {
  env = await createPaymentsEnv();
  co = await makeCompany(env.conn, { accountsPerGroup: 1 });
  other = await makeCompany(env.conn, { accountsPerGroup: 1 });
  [admin, accountant, viewer, otherAdmin] = await Promise.all([
    signIn(env.app, co.admin.login, co.admin.password),
    signIn(env.app, co.accountant.login, co.accountant.password),
    signIn(env.app, co.viewer.login, co.viewer.password),
    signIn(env.app, other.admin.login, other.admin.password),
  ]);
  // A card is saved the way a customer saves one: a first payment with save_card, paid on the page.
  const pay = await call(
    env.app,
    "POST",
    "/v1/payments",
    { items: [{ account_id: co.accounts[0]!.id, amount: 100_00 }], method: "card", save_card: true },
    { token: accountant, headers: { "idempotency-key": `save-card-${randomUUID()}` } },
  );
  expect(pay.status).toBe(201);
  await payOnPage(pay.body.confirmation_url, "4242424242424242");
  await env.sandbox.app.sandbox.notificationsIdle();
});
afterAll(() => env.close());

describe("GET /v1/saved-cards", () => {
  it("lists the company's cards by mask and expiry only; another company sees none of them", async () => {
    const res = await api("GET", "/v1/saved-cards", undefined, viewer);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    // The expiry typed on the acquirer's page (11/29), as its notification reported it.
    expect(res.body.data[0]).toMatchObject({ mask: "•• 4242", expiry_month: 11, expiry_year: 2029 });
    expect(Object.keys(res.body.data[0]).sort()).toEqual([
      "autopay_rules",
      "created_at",
      "expiry_month",
      "expiry_year",
      "id",
      "mask",
    ]);
    cardId = res.body.data[0].id;
    expect((await api("GET", "/v1/saved-cards", undefined, otherAdmin)).body.data).toEqual([]);
    expect((await call(env.app, "GET", "/v1/saved-cards")).status).toBe(401);
  });
});

describe("/v1/autopay-rules", () => {
  const threshold = () => ({
    account_id: co.accounts[0]!.id,
    kind: "threshold",
    threshold: 500_00,
    amount: 2000_00,
    saved_card_id: cardId,
    monthly_limit: 10000_00,
    max_failures: 3,
  });

  it("creates, reads, changes, disables, re-enables and deletes a rule", async () => {
    const created = await api("POST", "/v1/autopay-rules", threshold());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      account_id: co.accounts[0]!.id,
      kind: "threshold",
      threshold: 500_00,
      amount: 2000_00,
      day_of_month: null,
      saved_card_id: cardId,
      monthly_limit: 10000_00,
      max_failures: 3,
      failures: 0,
      enabled: true,
      disabled_reason: null,
    });
    const id = created.body.id as string;

    const monthly = await api("POST", "/v1/autopay-rules", {
      account_id: co.accounts[1]!.id,
      kind: "monthly_debt",
      day_of_month: 5,
      saved_card_id: cardId,
      monthly_limit: 5000_00,
    });
    expect(monthly.status).toBe(201);
    expect(monthly.body).toMatchObject({
      kind: "monthly_debt",
      day_of_month: 5,
      threshold: null,
      amount: null,
    });

    const list = await api("GET", "/v1/autopay-rules", undefined, viewer);
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: { id: string }) => r.id).sort()).toEqual([id, monthly.body.id].sort());
    expect((await api("GET", `/v1/autopay-rules/${id}`, undefined, viewer)).body).toEqual(created.body);

    const changed = await api("PATCH", `/v1/autopay-rules/${id}`, {
      threshold: 300_00,
      monthly_limit: 8000_00,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ threshold: 300_00, monthly_limit: 8000_00, amount: 2000_00 });

    const off = await api("PATCH", `/v1/autopay-rules/${id}`, { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, disabled_reason: "by_user" });
    const on = await api("PATCH", `/v1/autopay-rules/${id}`, { enabled: true });
    expect(on.body).toMatchObject({ enabled: true, disabled_reason: null, failures: 0 });

    const del = await api("DELETE", `/v1/autopay-rules/${id}`);
    expect(del.status).toBe(204);
    expect((await api("GET", `/v1/autopay-rules/${id}`)).status).toBe(404);
    expect((await api("DELETE", `/v1/autopay-rules/${id}`)).status).toBe(404);
    expect((await api("GET", "/v1/autopay-rules")).body.data.map((r: { id: string }) => r.id)).toEqual([
      monthly.body.id,
    ]);
  });

  it("401 without a token", async () => {
    expect((await call(env.app, "GET", "/v1/autopay-rules")).status).toBe(401);
    expect((await call(env.app, "POST", "/v1/autopay-rules", threshold())).status).toBe(401);
    expect((await call(env.app, "DELETE", `/v1/autopay-rules/${randomUUID()}`)).status).toBe(401);
  });

  it("another company's rule, account or card is not reachable", async () => {
    const mine = await api("POST", "/v1/autopay-rules", threshold());
    const id = mine.body.id as string;
    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { enabled: false }],
      ["DELETE", undefined],
    ] as const) {
      const res = await api(method, `/v1/autopay-rules/${id}`, body, otherAdmin);
      expect(res.status, method).toBe(404);
      expect(res.body.code).toBe("autopay_rule_not_found");
    }
    expect((await api("GET", `/v1/autopay-rules/${id}`)).body.enabled).toBe(true);
    expect((await api("GET", "/v1/autopay-rules", undefined, otherAdmin)).body.data).toEqual([]);
    // Their account with my card, my account with my card from their side: 404; a card that is not theirs: 400.
    const theirAccount = await api("POST", "/v1/autopay-rules", {
      ...threshold(),
      account_id: other.accounts[0]!.id,
    });
    expect(theirAccount.status).toBe(404);
    expect(theirAccount.body.code).toBe("account_not_found");
    const notTheirCard = await api(
      "POST",
      "/v1/autopay-rules",
      { ...threshold(), account_id: other.accounts[0]!.id },
      otherAdmin,
    );
    expect(notTheirCard.status).toBe(400);
    expect(notTheirCard.body.errors[0]).toMatchObject({ field: "saved_card_id", code: "card_not_found" });
  });

  it("a viewer may read but not write (403)", async () => {
    const mine = await api("POST", "/v1/autopay-rules", threshold());
    expect((await api("POST", "/v1/autopay-rules", threshold(), viewer)).status).toBe(403);
    expect((await api("PATCH", `/v1/autopay-rules/${mine.body.id}`, { enabled: false }, viewer)).status).toBe(
      403,
    );
    expect((await api("DELETE", `/v1/autopay-rules/${mine.body.id}`, undefined, viewer)).status).toBe(403);
    expect((await api("GET", `/v1/autopay-rules/${mine.body.id}`, undefined, viewer)).body.enabled).toBe(
      true,
    );
    expect((await api("GET", `/v1/autopay-rules/${mine.body.id}`, undefined, admin)).status).toBe(200);
  });

  it("malformed input is 400 naming the field", async () => {
    const base = threshold();
    const { threshold: _t, ...noThreshold } = base;
    const cases: [unknown, string][] = [
      [{ ...base, kind: "weekly" }, "kind"],
      [{ ...base, amount: "2000" }, "amount"],
      [{ ...base, monthly_limit: 50 }, "monthly_limit"],
      [{ ...base, account_id: "nope" }, "account_id"],
      [{ ...base, max_failures: 0 }, "max_failures"],
      [noThreshold, "threshold"],
      [{ ...base, kind: "monthly_debt" }, "day_of_month"],
      [{ ...base, kind: "monthly_debt", day_of_month: 29 }, "day_of_month"],
    ];
    for (const [body, field] of cases) {
      const res = await api("POST", "/v1/autopay-rules", body);
      expect(res.status, field).toBe(400);
      expect(JSON.stringify(res.body.errors), field).toContain(`"${field}"`);
    }
    const unknown = await api("POST", "/v1/autopay-rules", { ...base, colour: "red" });
    expect(unknown.body.errors[0]).toMatchObject({ field: "body", code: "unrecognized_keys" });
    expect(unknown.body.errors[0].message).toContain("colour");
    const rule = await api("POST", "/v1/autopay-rules", base);
    const badPatch = await api("PATCH", `/v1/autopay-rules/${rule.body.id}`, { enabled: "yes" });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.errors[0].field).toBe("enabled");
    // A field of the other kind of rule is refused, not silently dropped.
    const wrongKind = await api("PATCH", `/v1/autopay-rules/${rule.body.id}`, { day_of_month: 10 });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors[0].field).toBe("day_of_month");
    expect((await api("GET", "/v1/autopay-rules/nope")).body.errors[0].field).toBe("path.id");
  });
});
