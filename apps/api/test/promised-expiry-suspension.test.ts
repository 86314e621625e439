import { randomUUID } from "node:crypto";
import { expirePromisedPayments, postLedger, runBilling, suspendOverdue } from "@lk/core";
import { makeCompany, makeService, makeTariff, type TestCompany } from "@lk/core/testing";
import {
  accounts,
  auditLog,
  balanceNotices,
  invoiceLines,
  invoices,
  services,
  serviceTariffHistory,
  webhookDeliveries,
} from "@lk/db";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockServiceByOrder, call, signIn, testClock } from "./helpers";
import { jobCtx } from "./job-ctx";
import { createPaymentsEnv, type PaymentsEnv, payOnPage } from "./payments-env";

// An unpaid promised payment suspends the account *with its services*, as the billing job does
// (one implementation, suspendAccountForDebt): the services' tariff history says `suspended` for
// the days in between, so the month's invoice charges no fee for them, and a payment that settles
// the debt brings the account and its services back. The whole cycle on one account:
//   03-05 the billing job suspends it (advance, negative balance, notice 4 days old);
//   03-10 a promised payment resumes it;   03-15 the promise expires unpaid: suspended again;
//   03-18 a card payment settles the debt: resumed;   April: March is billed.

const FEE = 500_00;
let env: PaymentsEnv;
let co: TestCompany;
let accountId: string;
let serviceId: string;
let blockedId: string;

const key = () => `pp-suspend-${randomUUID()}`;
const at = (iso: string) => env.clock.set(new Date(iso));
const token = (u: "accountant" | "admin" = "accountant") => signIn(env.app, co[u].login, co[u].password);
const account = async () => (await env.conn.db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!;
const serviceStatus = async (id: string) =>
  (await env.conn.db.select({ s: services.status }).from(services).where(eq(services.id, id)))[0]!.s;
const history = (id: string) =>
  env.conn.db
    .select({
      status: serviceTariffHistory.status,
      from: serviceTariffHistory.validFrom,
      to: serviceTariffHistory.validTo,
      order: serviceTariffHistory.orderId,
    })
    .from(serviceTariffHistory)
    .where(eq(serviceTariffHistory.serviceId, id))
    .orderBy(asc(serviceTariffHistory.validFrom), asc(serviceTariffHistory.id));
const deliveries = (type: string) =>
  env.conn.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.companyId, co.id), eq(webhookDeliveries.eventType, type)))
    .orderBy(asc(webhookDeliveries.createdAt));
const d = (iso: string) => new Date(iso);

beforeAll(async () => {
  env = await createPaymentsEnv({ clock: testClock(d("2026-03-05T09:00:00Z")) });
  co = await makeCompany(env.conn, {
    billingSystem: "advance",
    accountsPerGroup: 1,
    now: d("2025-12-01T00:00:00Z"),
  });
  accountId = co.accounts[0]!.id;
  const tariff = await makeTariff(env.conn, { monthlyFee: FEE });
  // Billed from connected_at: no tariff history yet (the suspension records the active interval).
  const [svc] = await env.conn.db
    .insert(services)
    .values({
      companyId: co.id,
      accountId,
      tariffId: tariff.id,
      kind: "telephony",
      identifier: "+74950000001",
      status: "active",
      connectedAt: d("2026-01-01T00:00:00Z"),
      createdAt: d("2026-01-01T00:00:00Z"),
    })
    .returning();
  serviceId = svc!.id;
  // A second service the customer blocked by an order (добровольная блокировка): it stays blocked.
  blockedId = (
    await makeService(env.conn, {
      companyId: co.id,
      accountId,
      tariffId: tariff.id,
      connectedAt: d("2026-01-01T00:00:00Z"),
    })
  ).id;
  const accountant = await token();
  await blockServiceByOrder(env.app, accountant, { accountId, serviceId: blockedId });
  const hook = await call(
    env.app,
    "POST",
    "/v1/webhook-endpoints",
    { url: "http://127.0.0.1:9/hooks", events: ["account.suspended", "account.resumed"] },
    { token: await token("admin") },
  );
  expect(hook.status).toBe(201);
  // Three months of charges (December–February): a 1 500 ₽ promised-payment limit; −4 500 ₽.
  await env.conn.db.transaction((tx) =>
    postLedger(
      tx,
      [1, 2, 3].map((m) => ({
        accountId,
        kind: "charge" as const,
        amount: -1500_00,
        description: "Абонентская плата",
        effectiveAt: new Date(Date.UTC(2026, 2 - m, 1)),
      })),
      { now: env.clock() },
    ),
  );
  await env.conn.db.insert(balanceNotices).values({
    companyId: co.id,
    accountId,
    balance: -4500_00,
    sentAt: d("2026-03-01T09:00:00Z"),
  });
});
afterAll(() => env.close());

describe("an unpaid promised payment suspends the account and its services", () => {
  it("03-05: the billing job suspends the account and its services, with the account.suspended webhook", async () => {
    const { suspended } = await suspendOverdue({ ctx: jobCtx(env) });
    expect(suspended).toEqual([{ accountId, number: co.accounts[0]!.number, reason: "negative_balance" }]);
    expect((await account()).status).toBe("suspended");
    expect(await serviceStatus(serviceId)).toBe("suspended");
    expect(await history(serviceId)).toEqual([
      { status: "active", from: d("2026-01-01T00:00:00Z"), to: d("2026-03-05T09:00:00Z"), order: null },
      { status: "suspended", from: d("2026-03-05T09:00:00Z"), to: null, order: null },
    ]);
    const [hook] = await deliveries("account.suspended");
    expect(hook!.payload).toEqual({
      type: "account.suspended",
      timestamp: "2026-03-05T09:00:00.000Z",
      data: {
        account_id: accountId,
        account_number: co.accounts[0]!.number,
        reason: "negative_balance",
        balance: -4500_00,
        currency: "RUB",
        suspended_services: 1,
      },
    });
    const [row] = await env.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "billing.account_suspended"), eq(auditLog.entityId, accountId)));
    expect(row!.data).toEqual({ reason: "negative_balance", services: 1 });
  });

  it("03-10: a promised payment resumes it; 03-15: unpaid at expiry, the account and its services are suspended again", async () => {
    at("2026-03-10T09:00:00Z");
    const res = await call(
      env.app,
      "POST",
      `/v1/accounts/${accountId}/promised-payment`,
      { amount: 1000_00 },
      { token: await token(), headers: { "idempotency-key": key() } },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await account()).status).toBe("active");
    expect(await serviceStatus(serviceId)).toBe("active");

    at("2026-03-15T09:00:01Z");
    expect(await expirePromisedPayments({ ctx: jobCtx(env) })).toMatchObject({ suspended: 1, repaid: 0 });
    expect(await account()).toMatchObject({ status: "suspended", balance: -4500_00 });
    // The bug was here: the account was suspended but its service stayed active and its active
    // interval open, so the month's fee kept accruing.
    expect(await serviceStatus(serviceId)).toBe("suspended");
    expect((await history(serviceId)).slice(2)).toEqual([
      { status: "active", from: d("2026-03-10T09:00:00Z"), to: d("2026-03-15T09:00:01Z"), order: null },
      { status: "suspended", from: d("2026-03-15T09:00:01Z"), to: null, order: null },
    ]);
    // The customer's own block is not touched: still one open interval, the order's.
    expect(await serviceStatus(blockedId)).toBe("suspended");
    const blocked = await history(blockedId);
    expect(blocked.filter((h) => h.to === null)).toMatchObject([{ status: "suspended" }]);
    expect(blocked.at(-1)!.order).not.toBeNull();

    const hooks = await deliveries("account.suspended");
    expect(hooks).toHaveLength(2);
    expect(hooks[1]!.payload).toMatchObject({
      type: "account.suspended",
      data: {
        account_id: accountId,
        reason: "promised_payment_unpaid",
        balance: -4500_00,
        suspended_services: 1,
      },
    });
    const [row] = await env.conn.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "promised_payment.expired_unpaid"));
    expect(row!.data).toEqual({ account_id: accountId, account_suspended: true, services: 1 });
    // A second run finds nothing: the promise is closed, the account already suspended.
    expect(await expirePromisedPayments({ ctx: jobCtx(env) })).toMatchObject({ suspended: 0, repaid: 0 });
    expect(await deliveries("account.suspended")).toHaveLength(2);
  });

  it("03-18: a card payment that settles the debt resumes the account and its services", async () => {
    at("2026-03-18T09:00:00Z");
    const accountant = await token();
    const res = await call(
      env.app,
      "POST",
      "/v1/payments",
      { items: [{ account_id: accountId, amount: 4500_00 }], method: "card" },
      { token: accountant, headers: { "idempotency-key": key() } },
    );
    expect(res.status).toBe(201);
    await payOnPage(res.body.confirmation_url, "4242424242424242");
    await env.sandbox.app.sandbox.notificationsIdle();
    const got = await call(env.app, "GET", `/v1/payments/${res.body.id}`, undefined, { token: accountant });
    expect(got.body.status, JSON.stringify(got.body)).toBe("succeeded");

    expect(await account()).toMatchObject({ status: "active", balance: 0 });
    expect(await serviceStatus(serviceId)).toBe("active");
    expect((await history(serviceId)).slice(3)).toEqual([
      { status: "suspended", from: d("2026-03-15T09:00:01Z"), to: d("2026-03-18T09:00:00Z"), order: null },
      { status: "active", from: d("2026-03-18T09:00:00Z"), to: null, order: null },
    ]);
    expect(await serviceStatus(blockedId)).toBe("suspended");
    // The first account.resumed was the promised payment's (03-10), the second this payment's.
    const resumed = await deliveries("account.resumed");
    expect(resumed.map((r) => (r.payload as { data: { reason: string } }).data.reason)).toEqual([
      "promised_payment",
      "payment",
    ]);
    expect(resumed[1]!.payload).toMatchObject({
      data: { account_id: accountId, reason: "payment", balance: 0, resumed_services: 1 },
    });
  });

  it("March's invoice charges the fee only for the days the service was active", async () => {
    at("2026-04-01T03:00:00Z");
    await runBilling({ ctx: jobCtx(env), input: { period: "2026-03" } });
    const [inv] = await env.conn.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.accountId, accountId), eq(invoices.period, "2026-03")));
    const fees = await env.conn.db
      .select({ from: invoiceLines.periodFrom, to: invoiceLines.periodTo, net: invoiceLines.netAmount })
      .from(invoiceLines)
      .where(
        and(
          eq(invoiceLines.invoiceId, inv!.id),
          eq(invoiceLines.serviceId, serviceId),
          eq(invoiceLines.kind, "fee"),
        ),
      )
      .orderBy(asc(invoiceLines.periodFrom));
    // 1–4, 10–14 and 18–31 March: 23 of 31 days; 5–9 and 15–17 (suspended) are not charged.
    const prorated = (days: number) => Math.round((FEE * days) / 31);
    expect(fees).toEqual([
      { from: "2026-03-01", to: "2026-03-04", net: prorated(4) },
      { from: "2026-03-10", to: "2026-03-14", net: prorated(5) },
      { from: "2026-03-18", to: "2026-03-31", net: prorated(14) },
    ]);
  });
});
