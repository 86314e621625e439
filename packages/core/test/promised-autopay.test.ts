import { type RunningSandbox, silentLogger, startSandboxServer } from "@lk/acquirer-sandbox";
import {
  accounts,
  autopayRules,
  type Connection,
  notifications,
  payments,
  promisedPayments,
  savedCards,
} from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAutopay } from "../src/autopay/run";
import { postLedger } from "../src/ledger/post";
import type { AcquirerProvider } from "../src/payments/provider";
import { createSandboxProvider } from "../src/payments/providers/sandbox/index";
import { expirePromisedPayments } from "../src/promised-payments/expire";
import { getPromisedPayment, takePromisedPayment } from "../src/promised-payments/promised";
import { makeCompany, type TestCompany } from "../src/testing/fixtures";
import { clock, ctxFor, operator, userOf } from "./payments-ctx";

let conn: Connection;
let co: TestCompany;
let sandbox: RunningSandbox;
let acquirer: AcquirerProvider;
const now = clock(new Date("2026-03-10T09:00:00Z"));

beforeAll(async () => {
  conn = await createTestDatabase();
  co = await makeCompany(conn, { accountsPerGroup: 1 });
  sandbox = await startSandboxServer({
    shops: { s: "k" },
    now,
    logger: silentLogger,
    retry: { maxAttempts: 1 },
  });
  acquirer = createSandboxProvider({ baseUrl: sandbox.url, shopId: "s", secretKey: "k" });
  // Three months of charges: 3 000, 3 000 and 3 300 ₽ → a limit of 3 100 ₽.
  await conn.db.transaction((tx) =>
    postLedger(
      tx,
      [1, 2, 3].map((m) => ({
        accountId: co.accounts[0]!.id,
        kind: "charge" as const,
        amount: m === 3 ? -3300_00 : -3000_00,
        description: "fee",
        effectiveAt: new Date(Date.UTC(2026, 2 - m, 5)),
      })),
      { now: now() },
    ),
  );
  await conn.db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, co.accounts[0]!.id));
});
afterAll(async () => {
  await sandbox.close();
  await conn.close();
});

describe("promised payment", () => {
  const accountId = () => co.accounts[0]!.id;
  const user = () => ctxFor(conn, userOf(co), now);

  it("explains the limit, credits and resumes at once, once a month", async () => {
    const info = await getPromisedPayment({ ctx: user(), input: { account_id: accountId() } });
    expect(info).toMatchObject({ eligible: true, limit: 3100_00, kind: "promised", days: 5 });
    await expect(
      takePromisedPayment({ ctx: user(), input: { account_id: accountId(), amount: 3200_00 } }),
    ).rejects.toMatchObject({
      status: 400,
      fields: [{ field: "amount", code: "exceeds_limit" }],
    });
    const pp = await takePromisedPayment({
      ctx: user(),
      input: { account_id: accountId(), amount: 1000_00 },
    });
    expect(pp.expires_at).toBe("2026-03-15T09:00:00.000Z");
    const [acc] = await conn.db.select().from(accounts).where(eq(accounts.id, accountId()));
    expect(acc!.status).toBe("active");
    expect(acc!.balance).toBe(-9300_00 + 1000_00);
    await expect(
      takePromisedPayment({ ctx: user(), input: { account_id: accountId(), amount: 100_00 } }),
    ).rejects.toMatchObject({
      code: "promised_active_exists",
    });
  });

  it("warns a day before, and at expiry an unpaid promise suspends the account; not again this month", async () => {
    const op = ctxFor(conn, operator, now);
    now.set(new Date("2026-03-14T10:00:00Z"));
    expect(await expirePromisedPayments({ ctx: op })).toMatchObject({ warned: 1, suspended: 0 });
    expect(await expirePromisedPayments({ ctx: op })).toMatchObject({ warned: 0 });
    const notes = await conn.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, "promised_expiring"));
    expect(notes.length).toBe(3); // admin, accountant, viewer
    // The 1 000 ₽ promise, digits grouped as on the receipt.
    expect(notes[0]!.bodyRu).toMatch(/^Обещанный платёж 1\u00a0000,00 ₽ истекает 15 марта 2026 в 12:00\./);
    expect(notes[0]!.bodyEn).toMatch(
      /^The promised payment of 1,000\.00 ₽ expires on 15 March 2026 at 12:00\./,
    );
    now.set(new Date("2026-03-15T09:00:01Z"));
    expect(await expirePromisedPayments({ ctx: op })).toMatchObject({ suspended: 1, repaid: 0 });
    expect(await expirePromisedPayments({ ctx: op })).toMatchObject({ suspended: 0, repaid: 0 });
    const [acc] = await conn.db.select().from(accounts).where(eq(accounts.id, accountId()));
    expect(acc).toMatchObject({ status: "suspended", balance: -9300_00 });
    const [pp] = await conn.db
      .select()
      .from(promisedPayments)
      .where(eq(promisedPayments.accountId, accountId()));
    expect(pp!.status).toBe("expired_unpaid");
    const info = await getPromisedPayment({ ctx: user(), input: { account_id: accountId() } });
    expect(info).toMatchObject({ eligible: false, reason: "already_used_this_month" });
    now.set(new Date("2026-04-01T00:00:00Z"));
    expect((await getPromisedPayment({ ctx: user(), input: { account_id: accountId() } })).eligible).toBe(
      true,
    );
  });

  it("a credit account needs a trust payment in the contract", async () => {
    const credit = await makeCompany(conn, { billingSystem: "credit", accountsPerGroup: 1 });
    const info = await getPromisedPayment({
      ctx: ctxFor(conn, userOf(credit), now),
      input: { account_id: credit.accounts[0]!.id },
    });
    expect(info).toMatchObject({ kind: "trust", eligible: false, reason: "trust_not_in_contract" });
  });
});

describe("autopay", () => {
  let ruleId: string;
  const accountId = () => co.accounts[1]!.id;

  beforeAll(async () => {
    // A card saved through the sandbox's page, as a first payment with save_card would.
    const p = await acquirer.createPayment({
      idempotencyKey: "save-1",
      orderId: "save-1",
      amount: 100,
      currency: "RUB",
      description: "save",
      notificationUrl: "http://127.0.0.1:9/none",
      returnUrl: "http://127.0.0.1:9/back",
      saveCard: true,
    });
    await fetch(p.confirmationUrl!, {
      method: "POST",
      body: new URLSearchParams({
        card_number: "4242424242424242",
        expiry: "11/29",
        cvc: "123",
        holder: "A B",
      }),
      redirect: "manual",
    });
    const token = (await acquirer.getPayment(p.id)).cardToken!;
    const [card] = await conn.db
      .insert(savedCards)
      .values({ companyId: co.id, acquirer: "sandbox", token, mask: "•• 4242" })
      .returning();
    const [rule] = await conn.db
      .insert(autopayRules)
      .values({
        companyId: co.id,
        accountId: accountId(),
        kind: "threshold",
        threshold: 100_00,
        amount: 500_00,
        savedCardId: card!.id,
        monthlyLimit: 1200_00,
        maxFailures: 2,
      })
      .returning();
    ruleId = rule!.id;
  });

  const run = () => runAutopay({ ctx: ctxFor(conn, operator, now), acquirer });
  const charge = (amount: number) =>
    conn.db.transaction((tx) =>
      postLedger(tx, [{ accountId: accountId(), kind: "charge", amount: -amount, description: "fee" }], {
        now: now(),
      }),
    );

  it("tops up once per drop below the threshold, within the monthly limit", async () => {
    now.set(new Date("2026-04-02T10:00:00Z"));
    expect(await run()).toMatchObject({ charged: 1 }); // balance 0 < 100 ₽: top up 500 ₽
    expect(await run()).toMatchObject({ charged: 0 }); // 500 ₽ now: above the threshold
    await charge(450_00);
    await Promise.all([run(), run()]); // two instances: one charge
    await charge(500_00);
    expect(await run()).toMatchObject({ charged: 1 }); // 1 000 ₽ spent, 200 ₽ left of the limit
    const rows = await conn.db.select().from(payments).where(eq(payments.autopayRuleId, ruleId));
    expect(rows.map((r) => r.chargedAmount).sort()).toEqual([200_00, 500_00, 500_00]);
    expect(rows.every((r) => r.status === "succeeded")).toBe(true);
  });

  it("a failing card disables the rule after max_failures and notifies", async () => {
    now.set(new Date("2026-05-02T10:00:00Z"));
    await conn.db
      .update(autopayRules)
      .set({ amount: 1_000_000_00, monthlyLimit: 5_000_000_00 })
      .where(eq(autopayRules.id, ruleId));
    await charge(1000_00);
    expect(await run()).toMatchObject({ failed: 1 });
    await charge(1_00);
    expect(await run()).toMatchObject({ failed: 1 });
    const [rule] = await conn.db.select().from(autopayRules).where(eq(autopayRules.id, ruleId));
    expect(rule).toMatchObject({ enabled: false, failures: 2, disabledReason: "too_many_failures" });
    const notes = await conn.db.select().from(notifications).where(eq(notifications.kind, "autopay_failed"));
    expect(notes.length).toBe(6);
    await charge(1_00);
    expect(await run()).toMatchObject({ charged: 0, failed: 0 });
  });
});
