import { randomUUID } from "node:crypto";
import {
  accounts,
  type Connection,
  services,
  serviceTariffHistory,
  webhookDeliveries,
  webhookEndpoints,
} from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { and, asc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumeAccount } from "../src/accounts/resume";
import { suspendAccountForDebt } from "../src/accounts/suspend";
import { recordServicePeriod } from "../src/services/history";
import { makeCompany, type TestCompany } from "../src/testing/fixtures";
import { makeService, makeTariff } from "../src/testing/services";
import { clock, ctxFor, operator } from "./payments-ctx";

// suspendAccountForDebt, the one suspension for debt (billing job, promised-payment expiry), and
// resumeAccount, its mirror image: services and their tariff history go down and come back together.

let conn: Connection;
let co: TestCompany;
const now = clock(new Date("2026-05-10T12:00:00Z"));
const ctx = () => ctxFor(conn, operator, now);
const d = (s: string) => new Date(s);

const status = async (id: string) =>
  (await conn.db.select({ s: services.status }).from(services).where(eq(services.id, id)))[0]!.s;
const openInterval = (id: string) =>
  conn.db
    .select({
      status: serviceTariffHistory.status,
      from: serviceTariffHistory.validFrom,
      order: serviceTariffHistory.orderId,
    })
    .from(serviceTariffHistory)
    .where(and(eq(serviceTariffHistory.serviceId, id), isNull(serviceTariffHistory.validTo)));
const suspendedHooks = () =>
  conn.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.companyId, co.id), eq(webhookDeliveries.eventType, "account.suspended")))
    .orderBy(asc(webhookDeliveries.createdAt));

beforeAll(async () => {
  conn = await createTestDatabase();
  co = await makeCompany(conn, { accountsPerGroup: 1 });
  await conn.db.insert(webhookEndpoints).values({
    companyId: co.id,
    url: "https://example.test/hook",
    events: ["account.suspended"],
    secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    status: "active",
  });
});
afterAll(() => conn.close());

describe("suspendAccountForDebt", () => {
  it("suspends the account with its active services, leaves a customer's block alone; resumeAccount undoes it", async () => {
    const acc = co.accounts[0]!;
    const tariff = await makeTariff(conn, { monthlyFee: 300_00 });
    const since = d("2026-04-01T00:00:00Z");
    const withHistory = await makeService(conn, {
      companyId: co.id,
      accountId: acc.id,
      tariffId: tariff.id,
      connectedAt: since,
    });
    // Billed from connected_at (no history row): its active interval is recorded first.
    const [bare] = await conn.db
      .insert(services)
      .values({
        companyId: co.id,
        accountId: acc.id,
        tariffId: tariff.id,
        kind: "telephony",
        identifier: "+74950000002",
        status: "active",
        connectedAt: since,
      })
      .returning();
    // Blocked by the customer's order: an open suspended interval that carries the order id.
    const blocked = await makeService(conn, {
      companyId: co.id,
      accountId: acc.id,
      tariffId: tariff.id,
      connectedAt: since,
    });
    const orderId = randomUUID();
    await conn.db.update(services).set({ status: "suspended" }).where(eq(services.id, blocked.id));
    await recordServicePeriod(
      conn.db,
      { companyId: co.id, serviceId: blocked.id, tariffId: tariff.id, status: "suspended", orderId },
      d("2026-05-01T00:00:00Z"),
    );

    const res = await conn.db.transaction((tx) =>
      suspendAccountForDebt(tx, ctx(), { accountId: acc.id, reason: "promised_payment_unpaid" }),
    );
    expect(res).toMatchObject({ id: acc.id, companyId: co.id, number: acc.number, balance: 0, services: 2 });
    const [row] = await conn.db.select().from(accounts).where(eq(accounts.id, acc.id));
    expect(row!.status).toBe("suspended");
    for (const s of [withHistory.id, bare!.id]) {
      expect(await status(s)).toBe("suspended");
      expect(await openInterval(s)).toEqual([{ status: "suspended", from: now(), order: null }]);
    }
    const bareHistory = await conn.db
      .select({
        status: serviceTariffHistory.status,
        from: serviceTariffHistory.validFrom,
        to: serviceTariffHistory.validTo,
      })
      .from(serviceTariffHistory)
      .where(eq(serviceTariffHistory.serviceId, bare!.id))
      .orderBy(asc(serviceTariffHistory.validFrom));
    expect(bareHistory).toEqual([
      { status: "active", from: since, to: now() },
      { status: "suspended", from: now(), to: null },
    ]);
    expect(await openInterval(blocked.id)).toEqual([
      { status: "suspended", from: d("2026-05-01T00:00:00Z"), order: orderId },
    ]);
    const hooks = await suspendedHooks();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.payload).toMatchObject({
      data: { account_id: acc.id, reason: "promised_payment_unpaid", suspended_services: 2, currency: "RUB" },
    });

    // Already suspended: nothing happens, no second webhook.
    expect(
      await conn.db.transaction((tx) =>
        suspendAccountForDebt(tx, ctx(), { accountId: acc.id, reason: "negative_balance" }),
      ),
    ).toBeNull();
    expect(await suspendedHooks()).toHaveLength(1);

    // The mirror image: the services the suspension stopped come back, the customer's block stays.
    now.set(d("2026-05-12T08:00:00Z"));
    expect(
      await conn.db.transaction((tx) =>
        resumeAccount(tx, ctx(), { id: acc.id }, { kind: "payment", id: randomUUID() }),
      ),
    ).toBe(true);
    for (const s of [withHistory.id, bare!.id]) {
      expect(await status(s)).toBe("active");
      expect(await openInterval(s)).toEqual([{ status: "active", from: now(), order: null }]);
    }
    expect(await status(blocked.id)).toBe("suspended");
    expect(await openInterval(blocked.id)).toMatchObject([{ status: "suspended", order: orderId }]);
  });

  it("does nothing to a closed account", async () => {
    const acc = co.accounts[1]!;
    await conn.db.update(accounts).set({ status: "closed" }).where(eq(accounts.id, acc.id));
    expect(
      await conn.db.transaction((tx) =>
        suspendAccountForDebt(tx, ctx(), { accountId: acc.id, reason: "overdue_invoice" }),
      ),
    ).toBeNull();
    const [row] = await conn.db.select().from(accounts).where(eq(accounts.id, acc.id));
    expect(row!.status).toBe("closed");
  });
});
