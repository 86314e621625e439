import { makeCompany, makeService, makeTariff, type TestCompany } from "@lk/core/testing";
import { invoices, notifications, webhookDeliveries } from "@lk/db";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, operator, signIn, type TestApp, testClock } from "./helpers";

// The billing run announces each invoice it creates: the `invoice.issued` webhook to every
// subscribed endpoint and the `invoice_issued` notice, in the batch's transaction; a re-run none.

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
const endpoints: Record<string, string> = {};

async function runBilling(period: string) {
  const res = await call(t.app, "POST", "/v1/operator/billing/runs", { period }, operator);
  expect(res.status).toBe(202);
  for (let i = 0; i < 200; i++) {
    const r = await call(t.app, "GET", `/v1/operator/billing/runs/${res.body.id}`, undefined, operator);
    if (r.body.status !== "running") return r.body as { status: string; invoices_created: number };
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error("billing run did not finish");
}

beforeAll(async () => {
  t = await createTestApp({ clock: testClock(new Date("2026-11-02T08:00:00Z")) });
  co = await makeCompany(t.conn, { accountsPerGroup: 1, now: new Date("2025-01-01") });
  other = await makeCompany(t.conn, { accountsPerGroup: 1, now: new Date("2025-01-01") });
  const tariff = await makeTariff(t.conn, { monthlyFee: 1000_00 });
  // One billable account in each company.
  for (const c of [co, other])
    await makeService(t.conn, {
      companyId: c.id,
      accountId: c.accounts[0]!.id,
      tariffId: tariff.id,
      connectedAt: new Date("2026-01-01"),
    });
  const admin = await signIn(t.app, co.admin.login, co.admin.password);
  const otherAdmin = await signIn(t.app, other.admin.login, other.admin.password);
  const register = async (name: string, events: string[], token = admin) => {
    const res = await call(
      t.app,
      "POST",
      "/v1/webhook-endpoints",
      { url: `http://127.0.0.1:9/${name}`, events },
      { token },
    );
    expect(res.status).toBe(201);
    endpoints[name] = res.body.id;
  };
  await register("invoices", ["invoice.issued"]);
  await register("everything", ["*"]);
  await register("payments-only", ["payment.succeeded"]);
  await register("theirs", ["invoice.issued"], otherAdmin);
});
afterAll(() => t.close());

const deliveriesTo = (name: string) =>
  t.conn.db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpoints[name]!),
        eq(webhookDeliveries.eventType, "invoice.issued"),
      ),
    );
const notices = (c: TestCompany) =>
  t.conn.db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.kind, "invoice_issued"),
        inArray(notifications.userId, [c.admin.id, c.accountant.id, c.viewer.id]),
      ),
    );

describe("billing run → invoice.issued", () => {
  it("one delivery per subscribed endpoint and one notice per user for each invoice; a re-run adds none", async () => {
    const run = await runBilling("2026-10");
    expect(run.status).toBe("completed");
    const [inv] = await t.conn.db.select().from(invoices).where(eq(invoices.companyId, co.id));
    expect(inv).toBeDefined();

    const [a] = await deliveriesTo("invoices");
    const [b] = await deliveriesTo("everything");
    expect(await deliveriesTo("invoices")).toHaveLength(1);
    expect(await deliveriesTo("everything")).toHaveLength(1);
    expect(await deliveriesTo("payments-only")).toHaveLength(0);
    expect(a!.eventId).toBe(b!.eventId); // one event, two deliveries
    expect(a!.payload).toMatchObject({
      type: "invoice.issued",
      data: {
        id: inv!.id,
        number: inv!.number,
        period: "2026-10",
        status: "issued",
        account_id: co.accounts[0]!.id,
        account_number: co.accounts[0]!.number,
        total_amount: inv!.totalAmount,
        currency: "RUB",
        due_on: "2026-11-20",
      },
    });
    // The other company hears only about its own invoice.
    const theirs = await deliveriesTo("theirs");
    expect(theirs).toHaveLength(1);
    expect((theirs[0]!.payload as { data: { account_id: string } }).data.account_id).toBe(
      other.accounts[0]!.id,
    );

    const mine = await notices(co);
    expect(mine.map((n) => n.userId).sort()).toEqual([co.admin.id, co.accountant.id, co.viewer.id].sort());
    expect(mine.every((n) => (n.data as { invoice_id: string }).invoice_id === inv!.id)).toBe(true);
    expect(mine[0]!.titleEn).toBe(`Invoice ${inv!.number} issued`);

    const again = await runBilling("2026-10");
    expect(again).toMatchObject({ status: "completed", invoices_created: 0 });
    expect(await deliveriesTo("invoices")).toHaveLength(1);
    expect(await deliveriesTo("everything")).toHaveLength(1);
    expect(await notices(co)).toHaveLength(3);
  });
});
