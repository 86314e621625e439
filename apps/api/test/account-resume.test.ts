import { randomUUID } from "node:crypto";
import { postLedger, suspendOverdue } from "@lk/core";
import { makeCompany, makeService, makeTariff, type TestCompany } from "@lk/core/testing";
import {
  accounts,
  auditLog,
  balanceNotices,
  invoices,
  services,
  serviceTariffHistory,
  webhookDeliveries,
} from "@lk/db";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockServiceByOrder, call, signIn } from "./helpers";
import { jobCtx } from "./job-ctx";
import { createPaymentsEnv, type PaymentsEnv, payOnPage } from "./payments-env";

// A suspended account comes back when a payment (or a transfer in) settles its debt — with its
// services, except one the customer blocked by an order — audited, notified and reported by webhook.

let env: PaymentsEnv;
let co: TestCompany;
let accountant: string;
let admin: string;
let tariffId: string;
const key = () => `resume-${randomUUID()}`;
const DAY = 86_400_000;

const account = async (id: string) =>
  (await env.conn.db.select().from(accounts).where(eq(accounts.id, id)))[0]!;
const serviceStatus = async (id: string) =>
  (await env.conn.db.select({ s: services.status }).from(services).where(eq(services.id, id)))[0]!.s;
const deliveries = (type: string) =>
  env.conn.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.companyId, co.id), eq(webhookDeliveries.eventType, type)));

/** Charged into debt, noticed, and four days later suspended by the billing job (advance system). */
async function suspendForDebt(accountId: string, debt: number) {
  await env.conn.db.transaction((tx) =>
    postLedger(tx, [{ accountId, kind: "charge", amount: -debt, description: "Абонентская плата" }], {
      now: env.clock(),
    }),
  );
  await env.conn.db.insert(balanceNotices).values({
    companyId: co.id,
    accountId,
    balance: -debt,
    sentAt: new Date(env.clock().getTime() - 4 * DAY),
  });
  const { suspended } = await suspendOverdue({ ctx: jobCtx(env) });
  expect(suspended.map((s) => s.accountId)).toContain(accountId);
  expect((await account(accountId)).status).toBe("suspended");
}

const pay = async (accountId: string, amount: number) => {
  const res = await call(
    env.app,
    "POST",
    "/v1/payments",
    { items: [{ account_id: accountId, amount }], method: "card" },
    { token: accountant, headers: { "idempotency-key": key() } },
  );
  expect(res.status).toBe(201);
  await payOnPage(res.body.confirmation_url, "4242424242424242");
  await env.sandbox.app.sandbox.notificationsIdle();
  const got = await call(env.app, "GET", `/v1/payments/${res.body.id}`, undefined, { token: accountant });
  expect(got.body.status, JSON.stringify(got.body)).toBe("succeeded");
  return res.body.id as string;
};

beforeAll(async () => {
  env = await createPaymentsEnv();
  co = await makeCompany(env.conn);
  [accountant, admin] = await Promise.all([
    signIn(env.app, co.accountant.login, co.accountant.password),
    signIn(env.app, co.admin.login, co.admin.password),
  ]);
  tariffId = (await makeTariff(env.conn, { monthlyFee: 500_00 })).id;
  const hook = await call(
    env.app,
    "POST",
    "/v1/webhook-endpoints",
    { url: "http://127.0.0.1:9/hooks", events: ["account.resumed"] },
    { token: admin },
  );
  expect(hook.status).toBe(201);
});
afterAll(() => env.close());

describe("a payment that settles the debt resumes the account", () => {
  it("not while still in debt; then the account and its services, except a voluntary block", async () => {
    const acc = co.accounts[0]!;
    const since = new Date(env.clock().getTime() - 30 * DAY);
    const svc = { companyId: co.id, accountId: acc.id, tariffId, connectedAt: since };
    const working = await makeService(env.conn, svc);
    const blocked = await makeService(env.conn, svc);
    // The customer blocks one service by an order (добровольная блокировка), done by the operator.
    await blockServiceByOrder(env.app, accountant, { accountId: acc.id, serviceId: blocked.id });
    expect(await serviceStatus(blocked.id)).toBe("suspended");

    await suspendForDebt(acc.id, 1000_00);
    expect(await serviceStatus(working.id)).toBe("suspended");

    await pay(acc.id, 400_00); // −600 ₽: still in debt
    expect((await account(acc.id)).status).toBe("suspended");
    expect(await deliveries("account.resumed")).toHaveLength(0);

    env.clock.advance(60_000);
    const paymentId = await pay(acc.id, 600_00); // 0 ₽: settled
    expect(await account(acc.id)).toMatchObject({ status: "active", balance: 0 });
    expect(await serviceStatus(working.id)).toBe("active");
    expect(await serviceStatus(blocked.id)).toBe("suspended");
    // Fees accrue again from the resumption: the working service has an open active interval.
    const open = await env.conn.db
      .select({ status: serviceTariffHistory.status, from: serviceTariffHistory.validFrom })
      .from(serviceTariffHistory)
      .where(and(eq(serviceTariffHistory.serviceId, working.id), isNull(serviceTariffHistory.validTo)));
    expect(open).toEqual([{ status: "active", from: env.clock() }]);

    const audits = await env.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "account.resumed"), eq(auditLog.entityId, acc.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.data).toMatchObject({ cause: "payment", payment_id: paymentId, services: 1 });

    const [hook] = await deliveries("account.resumed");
    expect(hook!.payload).toMatchObject({
      type: "account.resumed",
      data: { account_id: acc.id, account_number: acc.number, reason: "payment", balance: 0 },
    });
    const notes = await call(env.app, "GET", "/v1/notifications?limit=5", undefined, { token: accountant });
    const resumed = notes.body.data.filter((n: { kind: string }) => n.kind === "account_resumed");
    expect(resumed).toHaveLength(1);
    expect(resumed[0].body).toBe(`Account ${acc.number} is in service again: balance 0.00 ₽`);

    // Paying again changes nothing more.
    await pay(acc.id, 100_00);
    expect(await deliveries("account.resumed")).toHaveLength(1);
  });

  it("a transfer in from another account resumes it too", async () => {
    const [, acc, source] = co.accounts;
    await suspendForDebt(acc!.id, 300_00);
    await env.conn.db.transaction((tx) =>
      postLedger(tx, [{ accountId: source!.id, kind: "payment", amount: 500_00, description: "оплата" }], {
        now: env.clock(),
      }),
    );
    const res = await call(
      env.app,
      "POST",
      "/v1/transfers",
      { from_account_id: source!.id, targets: [{ account_id: acc!.id, amount: 300_00 }] },
      { token: accountant, headers: { "idempotency-key": key() } },
    );
    expect(res.status).toBe(201);
    expect((await account(acc!.id)).status).toBe("active");
    const audits = await env.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "account.resumed"), eq(auditLog.entityId, acc!.id)));
    expect(audits[0]!.data).toMatchObject({ cause: "transfer", transfer_id: res.body.id });
    expect(await deliveries("account.resumed")).toHaveLength(2);
  });

  it("a credit account with an invoice overdue past the grace period waits until the debt is gone", async () => {
    const acc = co.accounts[3]!;
    await env.conn.db
      .update(accounts)
      .set({ billingSystem: "credit", minBalance: -500_00 })
      .where(eq(accounts.id, acc.id));
    await env.conn.db.transaction((tx) =>
      postLedger(tx, [{ accountId: acc.id, kind: "charge", amount: -1000_00, description: "Услуги связи" }], {
        now: env.clock(),
      }),
    );
    const due = new Date(env.clock().getTime() - 30 * DAY).toISOString().slice(0, 10);
    const [inv] = await env.conn.db
      .insert(invoices)
      .values({
        companyId: co.id,
        accountId: acc.id,
        period: due.slice(0, 7),
        kind: "credit",
        year: 2099,
        seq: Math.floor(Math.random() * 1e9),
        number: `T-${randomUUID()}`,
        issuedOn: due,
        dueOn: due,
        status: "overdue",
        netAmount: 833_33,
        vatAmount: 166_67,
        totalAmount: 1000_00,
        chargedAmount: 1000_00,
      })
      .returning();
    const { suspended } = await suspendOverdue({ ctx: jobCtx(env) });
    expect(suspended.map((s) => s.accountId)).toContain(acc.id);

    await pay(acc.id, 600_00); // −400 ₽: within the credit limit, but the invoice is long overdue
    expect((await account(acc.id)).status).toBe("suspended");
    await pay(acc.id, 400_00); // 0 ₽: the invoice is settled, the account resumes
    expect((await account(acc.id)).status).toBe("active");
    const [after] = await env.conn.db.select().from(invoices).where(eq(invoices.id, inv!.id));
    expect(after!.status).toBe("paid");
  });
});
