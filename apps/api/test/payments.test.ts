import { loadPayment, lockPayment } from "@lk/core";
import { accountsOffLedger, grantTestBonus, makeCompany, type TestCompany } from "@lk/core/testing";
import { accounts, outboxMessages, rows } from "@lk/db";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signatureHeaders } from "../../acquirer-sandbox/src/signature";
import { call, signIn } from "./helpers";
import {
  createPayment,
  createPaymentsEnv,
  drainReceipts,
  type PaymentsEnv,
  payOnPage,
  SECRET,
} from "./payments-env";

let env: PaymentsEnv;
let co: TestCompany;
let other: TestCompany;
let admin: string;
let accountant: string;
let viewer: string;
let otherAdmin: string;
let seq = 0;
const key = () => `test-key-${Date.now()}-${++seq}`;

beforeAll(async () => {
  env = await createPaymentsEnv();
  co = await makeCompany(env.conn);
  other = await makeCompany(env.conn);
  admin = await signIn(env.app, co.admin.login, co.admin.password);
  accountant = await signIn(env.app, co.accountant.login, co.accountant.password);
  viewer = await signIn(env.app, co.viewer.login, co.viewer.password);
  otherAdmin = await signIn(env.app, other.admin.login, other.admin.password);
});
afterAll(() => env.close());

const balances = async (ids: string[]) => {
  const rs = await env.conn.db
    .select({ id: accounts.id, balance: accounts.balance })
    .from(accounts)
    .where(inArray(accounts.id, ids));
  return Object.fromEntries(rs.map((r) => [r.id, r.balance]));
};
const ledgerBroken = () => accountsOffLedger(env.conn.db);

const create = (body: unknown, token = accountant, k: string | null = key()) =>
  createPayment(env, token, body, k);

describe("POST /v1/payments → hosted page → notification → ledger", () => {
  it("pays two accounts at once and credits each exactly once", async () => {
    const [a, b] = co.accounts;
    const before = await balances([a!.id, b!.id]);
    const res = await create({
      items: [
        { account_id: a!.id, amount: 1500_00 },
        { account_id: b!.id, amount: 250_50 },
      ],
      method: "card",
      receipt_email: "buh@example.test",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: "pending",
      amount: 1750_50,
      commission: 0,
      charged_amount: 1750_50,
    });
    expect(res.body.confirmation_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay\//);
    // The answer is built from what was written, not read back: it must be the stored row.
    const stored = await call(env.app, "GET", `/v1/payments/${res.body.id}`, undefined, { token: viewer });
    expect(stored.body).toEqual(res.body);
    await payOnPage(res.body.confirmation_url, "4242424242424242");
    await env.sandbox.app.sandbox.notificationsIdle();

    const got = await call(env.app, "GET", `/v1/payments/${res.body.id}`, undefined, { token: viewer });
    expect(got.body.status).toBe("succeeded");
    expect(got.body.card_mask).toBe("•• 4242");
    // lockPayment's written-out select decodes the row as drizzle's builder does (every column).
    const loaded = await loadPayment(env.conn.db, res.body.id);
    const locked = await env.conn.db.transaction((tx) => lockPayment(tx, res.body.id));
    expect(locked!.row).toEqual(Object.fromEntries(Object.entries(loaded!).filter(([k]) => k !== "items")));
    expect(locked!.items).toEqual(loaded!.items);
    expect(locked!.row.succeededAt).toBeInstanceOf(Date);
    // 1 % of the card part accrued once, its balance_after settled at commit.
    const journal = (await call(env.app, "GET", "/v1/bonuses", undefined, { token: viewer })).body;
    const accruals = journal.data.filter(
      (e: { kind: string; payment_id: string | null }) =>
        e.kind === "accrual" && e.payment_id === res.body.id,
    );
    expect(accruals).toHaveLength(1);
    expect(accruals[0]).toMatchObject({ amount: 17_50, balance_after: journal.balance });
    // What the bonuses were earned on, by account number (the bonus screen shows it).
    expect(accruals[0].account_numbers).toEqual([a!.number, b!.number].sort());
    const after = await balances([a!.id, b!.id]);
    expect(after[a!.id]! - before[a!.id]!).toBe(1500_00);
    expect(after[b!.id]! - before[b!.id]!).toBe(250_50);
    expect(await ledgerBroken()).toBe(0);

    // The e-mailed receipt is the fiscal one: it goes once the cash register has registered it
    // (the receipts job; docs/receipts.md).
    await drainReceipts(env);
    const mail = await env.conn.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.recipient, "buh@example.test"));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body).toContain(a!.number);

    const receipt = await call(env.app, "GET", `/v1/payments/${res.body.id}/receipt`, undefined, {
      token: viewer,
    });
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get("content-type")).toMatch(/text\/plain/);
    expect(receipt.body).toContain("Итого зачислено / Credited: 1\u00a0750,50 ₽");

    const list = await call(
      env.app,
      "GET",
      `/v1/payments?status=succeeded&account_id=${b!.id}&limit=1`,
      undefined,
      {
        token: viewer,
      },
    );
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([res.body.id]);

    const notes = await call(env.app, "GET", "/v1/notifications", undefined, { token: accountant });
    expect(notes.body.data.some((n: { kind: string }) => n.kind === "payment_received")).toBe(true);
    // Each account's notice writes its amount as the receipt does (not "250.5 ₽"), in both languages.
    const received = (lang: "ru" | "en") =>
      call(env.app, "GET", "/v1/notifications", undefined, { token: accountant, lang }).then((r) =>
        r.body.data
          .filter(
            (n: { kind: string; data: { payment_id: string } }) =>
              n.kind === "payment_received" && n.data.payment_id === res.body.id,
          )
          .map((n: { body: string }) => n.body)
          .sort(),
      );
    expect(await received("ru")).toEqual(
      [
        `На лицевой счёт ${a!.number} зачислено 1\u00a0500,00 ₽`,
        `На лицевой счёт ${b!.number} зачислено 250,50 ₽`,
      ].sort(),
    );
    expect(await received("en")).toEqual(
      [`1,500.00 ₽ credited to account ${a!.number}`, `250.50 ₽ credited to account ${b!.number}`].sort(),
    );
  });

  it("a declined card fails the payment and moves nothing", async () => {
    const a = co.accounts[2]!;
    const before = await balances([a.id]);
    const res = await create({ items: [{ account_id: a.id, amount: 100_00 }], method: "card" });
    await payOnPage(res.body.confirmation_url, "4000000000000002");
    await env.sandbox.app.sandbox.notificationsIdle();
    const got = await call(env.app, "GET", `/v1/payments/${res.body.id}`, undefined, { token: viewer });
    expect(got.body).toMatchObject({
      status: "failed",
      failure_reason: "card_declined",
      confirmation_url: null,
    });
    expect(await balances([a.id])).toEqual(before);
  });

  it("3-D Secure: requires_action, then succeeded", async () => {
    const a = co.accounts[3]!;
    const res = await create({ items: [{ account_id: a.id, amount: 300_00 }], method: "card" });
    await payOnPage(res.body.confirmation_url, "4000000000003220");
    await env.sandbox.app.sandbox.notificationsIdle();
    expect(
      (await call(env.app, "GET", `/v1/payments/${res.body.id}`, undefined, { token: viewer })).body.status,
    ).toBe("requires_action");
    // The page's address may carry a query (?lang=…): the 3-D Secure step is a path below it.
    const threeDs = new URL(res.body.confirmation_url);
    threeDs.pathname += "/3ds";
    await fetch(threeDs, {
      method: "POST",
      body: new URLSearchParams({ code: "123456" }),
      redirect: "manual",
    });
    await env.sandbox.app.sandbox.notificationsIdle();
    expect(
      (await call(env.app, "GET", `/v1/payments/${res.body.id}`, undefined, { token: viewer })).body.status,
    ).toBe("succeeded");
  });
});

describe("idempotency", () => {
  it("the same create request twice returns the first payment and creates one", async () => {
    const k = key();
    const body = { items: [{ account_id: co.accounts[0]!.id, amount: 200_00 }], method: "card" };
    const first = await create(body, accountant, k);
    const second = await create(body, accountant, k);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.body.id).toBe(first.body.id);
    expect(second.body).toEqual(first.body);
    const changed = await create(
      { ...body, items: [{ account_id: co.accounts[0]!.id, amount: 201_00 }] },
      accountant,
      k,
    );
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe("idempotency_key_reused");
  });

  it("a key older than a day is taken afresh (not replayed, no 422); the payment's own key still returns the first", async () => {
    const k = key();
    const body = { items: [{ account_id: co.accounts[1]!.id, amount: 300_00 }], method: "card" };
    const first = await create(body, accountant, k);
    expect(first.status).toBe(201);
    const start = env.clock();
    env.clock.advance(25 * 60 * 60 * 1000);
    try {
      const token = await signIn(env.app, co.accountant.login, co.accountant.password);
      const changed = { ...body, items: [{ account_id: co.accounts[1]!.id, amount: 301_00 }] };
      const later = await create(changed, token, k);
      expect(later.status).toBe(201);
      expect(later.headers.get("idempotent-replayed")).toBeNull();
      expect(later.body.id).toBe(first.body.id);
      const replay = await create(changed, token, k);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.body).toEqual(later.body);
    } finally {
      env.clock.set(start);
    }
  });

  it("requires the Idempotency-Key header, naming it", async () => {
    const res = await create(
      { items: [{ account_id: co.accounts[0]!.id, amount: 200_00 }], method: "card" },
      accountant,
      null,
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("header.idempotency-key");
  });

  describe("notifications", () => {
    let paymentId: string;
    let acquirerId: string;
    let accountId: string;
    const notify = (type: string, status: string, eventId: string, at: Date, signAt = env.clock()) => {
      const raw = JSON.stringify({
        event_id: eventId,
        type,
        occurred_at: at.toISOString(),
        payment: { id: acquirerId, order_id: paymentId, status, amount: 777_00, currency: "RUB" },
      });
      return env.app.request("/v1/acquirer/notifications", {
        method: "POST",
        headers: { "content-type": "application/json", ...signatureHeaders(SECRET, raw, signAt) },
        body: raw,
      });
    };

    beforeAll(async () => {
      accountId = co.accounts[4]!.id;
      const res = await create({ items: [{ account_id: accountId, amount: 777_00 }], method: "card" });
      paymentId = res.body.id;
      const [row] = await rows<{ acquirer_payment_id: string }>(
        env.conn.db,
        (await import("drizzle-orm")).sql`SELECT acquirer_payment_id FROM payments WHERE id = ${paymentId}`,
      );
      acquirerId = row!.acquirer_payment_id;
    });

    it("a forged or stale signature is 400 and moves nothing", async () => {
      const before = await balances([accountId]);
      const raw = JSON.stringify({ event_id: "evt_forged", type: "payment.succeeded" });
      const forged = await env.app.request("/v1/acquirer/notifications", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...signatureHeaders("wrong-secret", raw, env.clock()),
        },
        body: raw,
      });
      expect(forged.status).toBe(400);
      expect((await forged.json()).code).toBe("acquirer_notification_rejected");
      const stale = await notify(
        "payment.succeeded",
        "succeeded",
        "evt_stale",
        env.clock(),
        new Date(env.clock().getTime() - 10 * 60_000),
      );
      expect(stale.status).toBe(400);
      expect(await balances([accountId])).toEqual(before);
    });

    it("an event id already recorded (for another order) is a duplicate even where it would apply: nothing moves", async () => {
      const before = await balances([accountId]);
      const raw = JSON.stringify({
        event_id: "evt_reused",
        type: "payment.succeeded",
        occurred_at: env.clock().toISOString(),
        payment: {
          id: acquirerId,
          order_id: crypto.randomUUID(),
          status: "succeeded",
          amount: 777_00,
          currency: "RUB",
        },
      });
      const first = await env.app.request("/v1/acquirer/notifications", {
        method: "POST",
        headers: { "content-type": "application/json", ...signatureHeaders(SECRET, raw, env.clock()) },
        body: raw,
      });
      expect((await first.json()).outcome).toBe("ignored_unknown_payment");
      // The same event id for this (pending) payment: the writes go out with the event row and are
      // rolled back when the row turns out to exist.
      const again = await (await notify("payment.succeeded", "succeeded", "evt_reused", env.clock())).json();
      expect(again).toEqual({ outcome: "duplicate", payment_id: paymentId });
      expect(await balances([accountId])).toEqual(before);
      expect(
        (await call(env.app, "GET", `/v1/payments/${paymentId}`, undefined, { token: viewer })).body.status,
      ).toBe("pending");
    });

    it("the same notification ten times, and a late requires_action, credit once", async () => {
      const before = await balances([accountId]);
      const t = env.clock();
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          (async () =>
            (await notify("payment.succeeded", "succeeded", "evt_once", t)).json() as Promise<{
              outcome: string;
            }>)(),
        ),
      );
      expect(answers.filter((a) => a.outcome === "applied")).toHaveLength(1);
      expect(answers.filter((a) => a.outcome === "duplicate")).toHaveLength(9);
      const late = await (
        await notify("payment.requires_action", "requires_action", "evt_late", new Date(t.getTime() - 1000))
      ).json();
      expect(late.outcome).toBe("ignored_stale");
      const again = await (await notify("payment.succeeded", "succeeded", "evt_other_id", t)).json();
      expect(again.outcome).toBe("ignored_stale");
      expect((await balances([accountId]))[accountId]! - before[accountId]!).toBe(777_00);
      expect(
        (await call(env.app, "GET", `/v1/payments/${paymentId}`, undefined, { token: viewer })).body.status,
      ).toBe("succeeded");
      expect(await ledgerBroken()).toBe(0);
    });
  });
});

describe("security and validation", () => {
  it("401 without a token", async () => {
    const body = { items: [{ account_id: co.accounts[0]!.id, amount: 100_00 }], method: "card" };
    const res = await call(env.app, "POST", "/v1/payments", body, { headers: { "idempotency-key": key() } });
    expect(res.status).toBe(401);
    expect((await call(env.app, "GET", "/v1/payments")).status).toBe(401);
  });

  it("another company's account or payment is 404", async () => {
    const res = await create({
      items: [{ account_id: other.accounts[0]!.id, amount: 100_00 }],
      method: "card",
    });
    expect(res.status).toBe(404);
    const mine = await create({
      items: [{ account_id: co.accounts[0]!.id, amount: 100_00 }],
      method: "card",
    });
    const theirs = await call(env.app, "GET", `/v1/payments/${mine.body.id}`, undefined, {
      token: otherAdmin,
    });
    expect(theirs.status).toBe(404);
    const cancel = await call(env.app, "POST", `/v1/payments/${mine.body.id}/cancel`, undefined, {
      token: otherAdmin,
    });
    expect(cancel.status).toBe(404);
  });

  it("a viewer may not pay (403)", async () => {
    const res = await create(
      { items: [{ account_id: co.accounts[0]!.id, amount: 100_00 }], method: "card" },
      viewer,
    );
    expect(res.status).toBe(403);
  });

  it("malformed input is 400 naming the field", async () => {
    const res = await create({ items: [{ account_id: co.accounts[0]!.id, amount: "100" }], method: "card" });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe("items.0.amount");
    const small = await create({ items: [{ account_id: co.accounts[0]!.id, amount: 5 }], method: "card" });
    expect(small.body.errors[0].field).toBe("items.0.amount");
    const bad = await call(env.app, "GET", "/v1/payments?cursor=zzz", undefined, { token: viewer });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe("query.cursor");
  });
});

describe("bonuses, cancel, refund", () => {
  it("bonuses cover a payment partly, then fully; the receipt shows the split", async () => {
    const bonusBalance = async () =>
      (await call(env.app, "GET", "/v1/bonuses", undefined, { token: viewer })).body.balance as number;
    const start = await bonusBalance();
    await grantTestBonus(env.conn.db, co.id, 300_00, env.clock());
    const a = co.accounts[5]!;
    const before = await balances([a.id]);
    const full = await create({
      items: [{ account_id: a.id, amount: 100_00 }],
      method: "card",
      use_bonus: 100_00,
    });
    expect(full.status).toBe(201);
    expect(full.body).toMatchObject({
      status: "succeeded",
      method: "bonus",
      bonus_amount: 100_00,
      charged_amount: 0,
    });
    expect((await balances([a.id]))[a.id]! - before[a.id]!).toBe(100_00);
    const receipt = await call(env.app, "GET", `/v1/payments/${full.body.id}/receipt`, undefined, {
      token: viewer,
    });
    expect(receipt.body).toContain("paid with bonuses: 100,00 ₽");

    const part = await create({
      items: [{ account_id: a.id, amount: 500_00 }],
      method: "card",
      use_bonus: 150_00,
    });
    expect(part.body).toMatchObject({ status: "pending", bonus_amount: 150_00, charged_amount: 350_00 });
    expect(await bonusBalance()).toBe(start + 50_00);
    const canceled = await call(env.app, "POST", `/v1/payments/${part.body.id}/cancel`, undefined, {
      token: accountant,
    });
    expect(canceled.body.status).toBe("canceled");
    expect(await bonusBalance()).toBe(start + 200_00);
    const twice = await call(env.app, "POST", `/v1/payments/${part.body.id}/cancel`, undefined, {
      token: accountant,
    });
    expect(twice.status).toBe(409);
  });

  it("an admin refunds part of a card payment; the account is debited once", async () => {
    const a = co.accounts[1]!;
    const res = await create({ items: [{ account_id: a.id, amount: 400_00 }], method: "card" });
    await payOnPage(res.body.confirmation_url, "4242424242424242");
    await env.sandbox.app.sandbox.notificationsIdle();
    const before = await balances([a.id]);
    const k = key();
    const denied = await call(
      env.app,
      "POST",
      `/v1/payments/${res.body.id}/refunds`,
      { amount: 100_00 },
      {
        token: accountant,
        headers: { "idempotency-key": k },
      },
    );
    expect(denied.status).toBe(403);
    const refund = () =>
      call(
        env.app,
        "POST",
        `/v1/payments/${res.body.id}/refunds`,
        { amount: 100_00 },
        { token: admin, headers: { "idempotency-key": k } },
      );
    const r1 = await refund();
    const r2 = await refund();
    expect(r1.status).toBe(200);
    expect(r1.body.refunded_amount).toBe(100_00);
    expect(r2.body.refunded_amount).toBe(100_00);
    expect((await balances([a.id]))[a.id]! - before[a.id]!).toBe(-100_00);
    expect(await ledgerBroken()).toBe(0);
  });
});
