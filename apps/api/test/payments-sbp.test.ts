import { accountsOffLedger, balanceOf, makeCompany, type TestCompany } from "@lk/core/testing";
import { ledgerEntries, webhookDeliveries } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, operator, signIn } from "./helpers";
import { createPayment, createPaymentsEnv, type PaymentsEnv, payInBankApp, SBP_BANK } from "./payments-env";

// SBP (issue #16) through the real app, database and sandbox acquirer: a QR code instead of the
// card page, the payer's bank app played by the sandbox's page, statuses by signed notifications.

let env: PaymentsEnv;
let co: TestCompany;
let other: TestCompany;
let admin: string;
let accountant: string;
let viewer: string;
let otherAdmin: string;
let seq = 0;
const key = () => `sbp-key-${++seq}`;
const LINK =
  /^http:\/\/127\.0\.0\.1:\d+\/sbp\/AD[0-9A-Z]{30}\?type=02&bank=\d{12}&sum=(\d+)&cur=RUB&crc=[0-9A-F]{4}$/;

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

const create = (body: Record<string, unknown>, token = accountant, k = key()) =>
  createPayment(env, token, body, k);
const sbp = (accountId: string, amount: number, extra: Record<string, unknown> = {}) =>
  create({ items: [{ account_id: accountId, amount }], method: "sbp", ...extra });
const get = (id: string, token = viewer) => call(env.app, "GET", `/v1/payments/${id}`, undefined, { token });
const balance = (id: string) => balanceOf(env.conn.db, id);
const settled = () => env.sandbox.app.sandbox.notificationsIdle();

describe("POST /v1/payments with method sbp", () => {
  it("answers a QR code to scan, with its link and expiry, no commission in the cabinet; a replay is the same", async () => {
    const a = co.accounts[0]!;
    const k = key();
    const res = await sbp(a.id, 1250_50, {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: "pending",
      method: "sbp",
      amount: 1250_50,
      commission: 0,
      charged_amount: 1250_50,
      confirmation_type: "qr",
    });
    expect(res.body.qr.payload).toMatch(LINK);
    expect(LINK.exec(res.body.qr.payload)![1]).toBe("125050");
    expect(new Date(res.body.qr.expires_at).getTime() - env.clock().getTime()).toBe(15 * 60_000);
    expect((await get(res.body.id)).body).toEqual(res.body);
    const first = await create(
      { items: [{ account_id: a.id, amount: 100_00 }], method: "sbp" },
      accountant,
      k,
    );
    const again = await create(
      { items: [{ account_id: a.id, amount: 100_00 }], method: "sbp" },
      accountant,
      k,
    );
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.qr.payload).toBe(first.body.qr.payload);
  });

  it("refuses save_card with SBP, an unknown method, no token, a viewer, another company's account", async () => {
    const a = co.accounts[0]!;
    const bad = await sbp(a.id, 100_00, { save_card: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: "save_card", code: "save_card_not_for_sbp" });
    expect((await create({ items: [{ account_id: a.id, amount: 100_00 }], method: "qr" })).status).toBe(400);
    const anon = await call(
      env.app,
      "POST",
      "/v1/payments",
      { items: [{ account_id: a.id, amount: 100_00 }], method: "sbp" },
      { headers: { "idempotency-key": key() } },
    );
    expect(anon.status).toBe(401);
    expect(
      (await create({ items: [{ account_id: a.id, amount: 100_00 }], method: "sbp" }, viewer)).status,
    ).toBe(403);
    expect(
      (await create({ items: [{ account_id: a.id, amount: 100_00 }], method: "sbp" }, otherAdmin)).status,
    ).toBe(404);
  });

  it("confirmed in the bank app: succeeded by the notification, credited once, a webhook queued, in history and receipt", async () => {
    const a = co.accounts[1]!;
    const hook = await call(
      env.app,
      "POST",
      "/v1/webhook-endpoints",
      { url: "https://erp.example/hooks", events: ["payment.succeeded"] },
      { token: admin },
    );
    expect(hook.status).toBe(201);
    const before = await balance(a.id);
    const res = await sbp(a.id, 700_00);
    await payInBankApp(res.body.qr.payload, SBP_BANK.confirms);
    await settled();
    // The sandbox's confirm page posted twice (a double tap) changes nothing more.
    await payInBankApp(res.body.qr.payload, SBP_BANK.confirms);
    await settled();
    const got = (await get(res.body.id)).body;
    expect(got).toMatchObject({
      status: "succeeded",
      confirmation_type: null,
      qr: null,
      confirmation_url: null,
    });
    expect(await balance(a.id)).toBe(before + 700_00);
    const credits = await env.conn.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, a.id), eq(ledgerEntries.refId, res.body.id)));
    expect(credits.map((e) => e.amount)).toEqual([700_00]);
    expect(await accountsOffLedger(env.conn.db)).toBe(0);
    const hooks = await env.conn.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, hook.body.id));
    expect(hooks.map((h) => h.eventType)).toEqual(["payment.succeeded"]);
    expect((hooks[0]!.payload as { data: { method: string } }).data.method).toBe("sbp");
    const list = await call(env.app, "GET", `/v1/payments?account_id=${a.id}`, undefined, { token: viewer });
    expect(list.body.data.find((p: { id: string }) => p.id === res.body.id)).toMatchObject({ method: "sbp" });
    const receipt = await env.app.request(`/v1/payments/${res.body.id}/receipt`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    const text = await receipt.text();
    expect(text).toContain("СБП");
    expect(text).toContain("оплачено по СБП / paid via SBP: 700,00 ₽");
    expect(text).not.toContain("картой");
  });

  it("declined by the bank or by the payer: failed with the reason, nothing credited", async () => {
    const a = co.accounts[0]!;
    const before = await balance(a.id);
    const x = await sbp(a.id, 300_00);
    const y = await sbp(a.id, 300_00);
    await payInBankApp(x.body.qr.payload, SBP_BANK.declines);
    await payInBankApp(y.body.qr.payload, "decline");
    await settled();
    expect((await get(x.body.id)).body).toMatchObject({
      status: "failed",
      failure_reason: "sbp_bank_declined",
    });
    expect((await get(y.body.id)).body).toMatchObject({
      status: "failed",
      failure_reason: "sbp_payer_declined",
    });
    expect(await balance(a.id)).toBe(before);
  });

  it("a bank that never answers: the QR code expires and the payment fails as qr_expired", async () => {
    const a = co.accounts[0]!;
    const before = await balance(a.id);
    const res = await sbp(a.id, 200_00);
    await payInBankApp(res.body.qr.payload, SBP_BANK.silent);
    await settled();
    expect((await get(res.body.id)).body.status).toBe("pending");
    env.clock.advance(15 * 60_000);
    env.sandbox.app.sandbox.tick();
    await settled();
    // Sessions are 15 minutes long too: sign in again for the tests that follow.
    admin = await signIn(env.app, co.admin.login, co.admin.password);
    accountant = await signIn(env.app, co.accountant.login, co.accountant.password);
    viewer = await signIn(env.app, co.viewer.login, co.viewer.password);
    otherAdmin = await signIn(env.app, other.admin.login, other.admin.password);
    expect((await get(res.body.id)).body).toMatchObject({
      status: "failed",
      failure_reason: "qr_expired",
      qr: null,
    });
    expect(await balance(a.id)).toBe(before);
  });

  it("refunds an SBP payment (admin): part, then the rest; the account debited through the ledger", async () => {
    const a = co.accounts[1]!;
    const res = await sbp(a.id, 500_00);
    await payInBankApp(res.body.qr.payload, SBP_BANK.confirms);
    await settled();
    const before = await balance(a.id);
    const refund = (amount: number, token = admin) =>
      call(
        env.app,
        "POST",
        `/v1/payments/${res.body.id}/refunds`,
        { amount },
        {
          token,
          headers: { "idempotency-key": key() },
        },
      );
    expect((await refund(100_00, accountant)).status).toBe(403);
    expect((await refund(100_00, otherAdmin)).status).toBe(404);
    expect((await refund(200_00)).body).toMatchObject({ status: "succeeded", refunded_amount: 200_00 });
    expect((await refund(300_00)).body).toMatchObject({ status: "refunded", refunded_amount: 500_00 });
    expect(await balance(a.id)).toBe(before - 500_00);
    expect(await accountsOffLedger(env.conn.db)).toBe(0);
  });
});

describe("POST /v1/public/payments with method sbp (partner widgets)", () => {
  const BANK = "https://bank.example";
  let pk: string;
  let cardOnly: string;
  let ip = 0;
  const widget = (key: string) => ({
    headers: {
      "x-lk-key": key,
      origin: BANK,
      "x-real-ip": `203.0.113.${++ip}`,
      "idempotency-key": `pub-sbp-${ip}`,
    },
  });

  beforeAll(async () => {
    const mk = async (name: string, commission: Record<string, unknown>) => {
      const r = await call(
        env.app,
        "POST",
        "/v1/operator/partners",
        { name, origins: [BANK], commission },
        operator,
      );
      expect(r.status).toBe(201);
      return r.body.publishable_key as string;
    };
    pk = await mk("Банк СБП", { card: { percent_bp: 150, min: 1000 }, sbp: { percent_bp: 40, min: 500 } });
    cardOnly = await mk("Банк без СБП", { card: { percent_bp: 150, min: 1000 } });
  });

  it("offers SBP with the partner's SBP commission, prices it on the server, pays by the bank app", async () => {
    const acc = co.accounts[0]!;
    const look = await call(
      env.app,
      "GET",
      `/v1/public/accounts/lookup?query=${acc.number}`,
      undefined,
      widget(pk),
    );
    expect(look.body.methods).toEqual([
      { method: "card", commission_percent_bp: 150, commission_min: 1000 },
      { method: "sbp", commission_percent_bp: 40, commission_min: 500 },
    ]);
    const quote = await call(
      env.app,
      "POST",
      "/v1/public/payments/quote",
      { amount: 2000_00, method: "sbp" },
      widget(pk),
    );
    expect(quote.body).toMatchObject({ commission_amount: 8_00, total_amount: 2008_00 });
    const before = await balance(acc.id);
    const res = await call(
      env.app,
      "POST",
      "/v1/public/payments",
      { account_number: acc.number, amount: 2000_00, method: "sbp" },
      widget(pk),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: "pending",
      amount: 2000_00,
      commission_amount: 8_00,
      total_amount: 2008_00,
      confirmation_type: "qr",
    });
    expect(LINK.exec(res.body.qr.payload)![1]).toBe("200800");
    await payInBankApp(res.body.qr.payload, SBP_BANK.confirms);
    await settled();
    const status = await call(env.app, "GET", `/v1/public/payments/${res.body.id}`, undefined, widget(pk));
    expect(status.body).toMatchObject({ status: "succeeded", qr: null, receipt_number: expect.any(String) });
    expect(await balance(acc.id)).toBe(before + 2000_00);
    // The minimum commission applies to a small amount.
    const small = await call(
      env.app,
      "POST",
      "/v1/public/payments/quote",
      { amount: 100_00, method: "sbp" },
      widget(pk),
    );
    expect(small.body.commission_amount).toBe(5_00);
  });

  it("a partner without SBP in its contract cannot take it: 400 method_not_available", async () => {
    const acc = co.accounts[0]!;
    const res = await call(
      env.app,
      "POST",
      "/v1/public/payments",
      { account_number: acc.number, amount: 100_00, method: "sbp" },
      widget(cardOnly),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: "method", code: "method_not_available" });
  });
});
