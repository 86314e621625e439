import { expirePromisedPayments, postLedger } from "@lk/core";
import { chargeMonthsBefore, makeCompany, type TestCompany } from "@lk/core/testing";
import { accounts, ledgerEntries, promisedPayments } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, signIn, type TestApp, testClock } from "./helpers";
import { jobCtx } from "./job-ctx";

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let accountant: string;
let viewer: string;
let otherAdmin: string;
let seq = 0;
const key = () => `promised-key-${Date.now()}-${++seq}`;
const clock = testClock(new Date("2026-03-10T09:00:00Z"));

const path = (id: string) => `/v1/accounts/${id}/promised-payment`;
const take = (id: string, body: unknown, token = accountant, k: string | null = key()) =>
  call(t.app, "POST", path(id), body, { token, headers: k ? { "idempotency-key": k } : {} });
const info = (id: string, token = viewer, lang: "en" | "ru" = "en") =>
  call(t.app, "GET", path(id), undefined, { token, lang });
const account = async (id: string) =>
  (await t.conn.db.select().from(accounts).where(eq(accounts.id, id)))[0]!;

/** Three whole months of charges before March 2026: 3 000, 3 000 and 3 300 ₽ → a 3 100 ₽ limit. */
const chargeHistory = (accountId: string) =>
  chargeMonthsBefore(t.conn.db, accountId, [3000_00, 3000_00, 3300_00], clock());

async function signInAll() {
  [accountant, viewer, otherAdmin] = await Promise.all([
    signIn(t.app, co.accountant.login, co.accountant.password),
    signIn(t.app, co.viewer.login, co.viewer.password),
    signIn(t.app, other.admin.login, other.admin.password),
  ]);
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  co = await makeCompany(t.conn, { accountsPerGroup: 1 });
  other = await makeCompany(t.conn, { accountsPerGroup: 1 });
  await signInAll();
  await chargeHistory(co.accounts[0]!.id);
  await chargeHistory(co.accounts[1]!.id);
  await t.conn.db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, co.accounts[0]!.id));
});
afterAll(() => t.close());

describe("GET /v1/accounts/{id}/promised-payment", () => {
  it("explains eligibility and the limit", async () => {
    const res = await info(co.accounts[0]!.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      account_id: co.accounts[0]!.id,
      kind: "promised",
      eligible: true,
      reason: null,
      reason_message: null,
      limit: 3100_00,
      currency: "RUB",
      days: 5,
      active: null,
      history: [],
    });
  });

  it("without charge history: not eligible, with the reason in the caller's language", async () => {
    const en = await info(co.accounts[2]!.id);
    expect(en.body).toMatchObject({ eligible: false, reason: "no_charge_history", limit: 0 });
    expect(en.body.reason_message).toMatch(/average of 3 months/);
    const ru = await info(co.accounts[2]!.id, viewer, "ru");
    expect(ru.body.reason_message).toMatch(/средним начислениям/);
    const refused = await take(co.accounts[2]!.id, { amount: 100_00 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("promised_no_charge_history");
  });

  it("a credit account needs a trust payment in its contract", async () => {
    const credit = await makeCompany(t.conn, { billingSystem: "credit", accountsPerGroup: 1 });
    const token = await signIn(t.app, credit.viewer.login, credit.viewer.password);
    const res = await info(credit.accounts[0]!.id, token);
    expect(res.body).toMatchObject({ kind: "trust", eligible: false, reason: "trust_not_in_contract" });
  });
});

describe("POST /v1/accounts/{id}/promised-payment", () => {
  it("credits the account, resumes it, once a month, within the limit", async () => {
    const id = co.accounts[0]!.id;
    const over = await take(id, { amount: 3100_00 + 100 });
    expect(over.status).toBe(400);
    expect(over.body.errors[0]).toMatchObject({ field: "amount", code: "exceeds_limit" });

    const before = await account(id);
    const k = key();
    const res = await take(id, { amount: 3100_00 }, accountant, k);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      account_id: id,
      kind: "promised",
      amount: 3100_00,
      status: "active",
      month: "2026-03",
      expires_at: "2026-03-15T09:00:00.000Z",
    });
    const after = await account(id);
    expect(after.balance - before.balance).toBe(3100_00);
    expect(after.status).toBe("active");

    // A replay with the same key answers the first result and credits nothing more.
    const replay = await take(id, { amount: 3100_00 }, accountant, k);
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.id).toBe(res.body.id);
    expect((await account(id)).balance).toBe(after.balance);

    const again = await take(id, { amount: 100_00 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("promised_active_exists");
    const now = await info(id);
    expect(now.body).toMatchObject({ eligible: false, reason: "active_exists" });
    expect(now.body.active.id).toBe(res.body.id);

    // Repaid at expiry (the account is topped up meanwhile): still only once this month.
    await t.conn.db.transaction((tx) =>
      postLedger(tx, [{ accountId: id, kind: "payment", amount: 9300_00, description: "оплата" }], {
        now: clock(),
      }),
    );
    clock.set(new Date("2026-03-15T09:00:01Z"));
    expect(await expirePromisedPayments({ ctx: jobCtx(t) })).toMatchObject({ repaid: 1, suspended: 0 });
    await signInAll(); // days later: a new session
    const later = await info(id);
    expect(later.body).toMatchObject({ eligible: false, reason: "already_used_this_month", active: null });
    expect(later.body.history).toMatchObject([{ id: res.body.id, status: "repaid" }]);
    expect((await take(id, { amount: 100_00 })).body.code).toBe("promised_already_used_this_month");
    const repayments = await t.conn.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, id), eq(ledgerEntries.kind, "promised_repayment")));
    expect(repayments.map((e) => e.amount)).toEqual([-3100_00]);

    clock.set(new Date("2026-04-01T00:00:00Z"));
    await signInAll();
    expect((await info(id)).body.eligible).toBe(true);
  });
});

describe("security and validation", () => {
  // The clock moved a month on above: sessions from then have expired.
  beforeAll(signInAll);
  it("401 without a token", async () => {
    const id = co.accounts[1]!.id;
    expect((await call(t.app, "GET", path(id))).status).toBe(401);
    expect(
      (await call(t.app, "POST", path(id), { amount: 100_00 }, { headers: { "idempotency-key": key() } }))
        .status,
    ).toBe(401);
  });

  it("another company's account is 404", async () => {
    const id = co.accounts[1]!.id;
    expect((await info(id, otherAdmin)).status).toBe(404);
    const res = await take(id, { amount: 100_00 }, otherAdmin);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("account_not_found");
    expect(await t.conn.db.select().from(promisedPayments).where(eq(promisedPayments.accountId, id))).toEqual(
      [],
    );
  });

  it("a viewer may look but not take (403)", async () => {
    const id = co.accounts[1]!.id;
    expect((await info(id, viewer)).status).toBe(200);
    expect((await take(id, { amount: 100_00 }, viewer)).status).toBe(403);
  });

  it("malformed input is 400 naming the field", async () => {
    const id = co.accounts[1]!.id;
    const cases: [unknown, string][] = [
      [{ amount: "100" }, "amount"],
      [{ amount: 99 }, "amount"],
      [{ amount: 100.5 }, "amount"],
      [{}, "amount"],
      [{ amount: 100_00, extra: 1 }, "body"],
    ];
    for (const [body, field] of cases) {
      const res = await take(id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.errors)).toContain(field);
    }
    const badId = await info("not-a-uuid");
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe("path.id");
    const noKey = await take(id, { amount: 100_00 }, accountant, null);
    expect(noKey.body.errors[0].field).toBe("header.idempotency-key");
  });
});
