import {
  accountsOffLedger,
  balanceOf,
  makeCompany,
  setBalance as setBalanceTo,
  type TestCompany,
} from "@lk/core/testing";
import { ledgerEntries, notifications, outboxMessages } from "@lk/db";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSUFFICIENT_FUNDS_FROM } from "../../acquirer-sandbox/src/index";
import { defaultJobs } from "../src/jobs/jobs";
import { call, signIn, testClock } from "./helpers";
import { autopayPayments, autopayRule, createPaymentsEnv, type PaymentsEnv, saveCard } from "./payments-env";

// The "pay off the debt on a given day of the month" autopay rule, driven the way the product runs
// it: the API's own `autopay` job (apps/api/src/jobs) on a clock the test moves, charging a card
// saved through the real sandbox acquirer. The sandbox declines a saved-card charge of
// INSUFFICIENT_FUNDS_FROM kopecks or more (insufficient_funds): that is the declined card here.

let env: PaymentsEnv;
let co: TestCompany;
let cardId: string;

const at = (iso: string) => env.clock.set(new Date(iso));
const token = (u: "accountant" | "admin" | "viewer" = "accountant") =>
  signIn(env.app, co[u].login, co[u].password);

/** One run of the autopay job exactly as the API schedules it; the sandbox's notifications drained. */
async function runJob() {
  const job = defaultJobs(env.app.deps).find((j) => j.name === "autopay")!;
  const result = await job.run();
  await env.sandbox.app.sandbox.notificationsIdle();
  return result;
}

const balance = (id: string) => balanceOf(env.conn.db, id);

/** Charges (or credits) the account through the ledger so that its balance becomes `target`. */
const setBalance = (id: string, target: number) => setBalanceTo(env.conn.db, id, target, env.clock());

const rulePayments = (ruleId: string) => autopayPayments(env, ruleId);
const rule = (id: string) => autopayRule(env, id);

async function createRule(accountId: string, over: Record<string, unknown> = {}) {
  const res = await call(
    env.app,
    "POST",
    "/v1/autopay-rules",
    {
      account_id: accountId,
      kind: "monthly_debt",
      day_of_month: 5,
      saved_card_id: cardId,
      monthly_limit: 10000_00,
      max_failures: 3,
      ...over,
    },
    { token: await token() },
  );
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const ledgerBroken = () => accountsOffLedger(env.conn.db);

beforeAll(async () => {
  env = await createPaymentsEnv({ clock: testClock(new Date("2026-03-01T08:00:00Z")) });
  co = await makeCompany(env.conn, { accountsPerGroup: 2, now: new Date("2026-01-01T00:00:00Z") });
  cardId = await saveCard(env, await token(), co.accounts[5]!.id);
});
afterAll(() => env.close());

describe("autopay: pay off the debt on a given day of the month", () => {
  it("fires on its day for the whole debt, once even when the job runs twice; not before its day, not without debt", async () => {
    at("2026-03-01T08:00:00Z");
    const [debtor, inCredit] = [co.accounts[0]!, co.accounts[1]!];
    await setBalance(debtor.id, -1234_56);
    await setBalance(inCredit.id, 50_00);
    const ruleId = await createRule(debtor.id, { day_of_month: 5 });
    const quietId = await createRule(inCredit.id, { day_of_month: 5 });

    // 23:59 MSK on the 4th is still the 4th (the day of month is the operator's local one, ADR 0080).
    for (const day of ["2026-03-01T09:00:00Z", "2026-03-03T09:00:00Z", "2026-03-04T20:59:00Z"]) {
      at(day);
      await runJob();
    }
    expect(await rulePayments(ruleId)).toEqual([]);

    at("2026-03-05T06:00:00Z");
    // Two instances at once, then a later run the same day: one charge.
    await Promise.all([runJob(), runJob()]);
    at("2026-03-05T06:05:00Z");
    await runJob();
    at("2026-03-05T18:00:00Z");
    await runJob();
    const paid = await rulePayments(ruleId);
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({
      source: "autopay",
      method: "saved_card",
      status: "succeeded",
      amount: 1234_56,
      chargedAmount: 1234_56,
      cardMask: "•• 4242",
    });
    expect(await balance(debtor.id)).toBe(0);
    const credits = await env.conn.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, debtor.id), eq(ledgerEntries.refId, paid[0]!.id)));
    expect(credits).toMatchObject([{ kind: "payment", amount: 1234_56, balanceAfter: 0 }]);
    // The account in credit: no debt, no charge.
    expect(await rulePayments(quietId)).toEqual([]);
    expect(await balance(inCredit.id)).toBe(50_00);

    // It is a payment in the history like any other, with its receipt.
    const viewer = await token("viewer");
    const history = await call(env.app, "GET", `/v1/payments?account_id=${debtor.id}`, undefined, {
      token: viewer,
    });
    expect(history.body.data.map((p: { id: string }) => p.id)).toEqual([paid[0]!.id]);
    const receipt = await call(env.app, "GET", `/v1/payments/${paid[0]!.id}/receipt`, undefined, {
      token: viewer,
    });
    expect(receipt.status).toBe(200);
    expect(receipt.body).toContain("1\u00a0234,56 ₽");

    // A new debt later in the month waits for the rule's day next month: one payoff a month.
    at("2026-03-06T09:00:00Z");
    await setBalance(debtor.id, -300_00);
    for (const day of ["2026-03-06T09:05:00Z", "2026-03-20T09:00:00Z", "2026-04-04T09:00:00Z"]) {
      at(day);
      await runJob();
    }
    expect(await rulePayments(ruleId)).toHaveLength(1);
    at("2026-04-05T00:10:00Z");
    await runJob();
    await runJob();
    const april = await rulePayments(ruleId);
    expect(april).toHaveLength(2);
    expect(april[1]).toMatchObject({ status: "succeeded", amount: 300_00 });
    expect(await balance(debtor.id)).toBe(0);
    expect(await rulePayments(quietId)).toEqual([]);
    expect(await ledgerBroken()).toBe(0);
  });

  it("respects the monthly limit: charges up to it, the rest waits for next month", async () => {
    at("2026-05-01T08:00:00Z");
    const acc = co.accounts[2]!;
    await setBalance(acc.id, -3000_00);
    const ruleId = await createRule(acc.id, { day_of_month: 3, monthly_limit: 2000_00 });
    at("2026-05-03T09:00:00Z");
    await runJob();
    at("2026-05-04T09:00:00Z");
    await runJob();
    at("2026-05-28T09:00:00Z");
    await runJob();
    const may = await rulePayments(ruleId);
    expect(may).toMatchObject([{ status: "succeeded", amount: 2000_00 }]);
    expect(await balance(acc.id)).toBe(-1000_00);
    at("2026-06-03T09:00:00Z");
    await runJob();
    const june = await rulePayments(ruleId);
    expect(june).toHaveLength(2);
    expect(june[1]).toMatchObject({ status: "succeeded", amount: 1000_00 });
    expect(await balance(acc.id)).toBe(0);
  });

  it("a declined card is retried the next day, once a day; after max_failures the rule is disabled with a notice (in-app and e-mail)", async () => {
    at("2026-07-01T08:00:00Z");
    const acc = co.accounts[3]!;
    const debt = INSUFFICIENT_FUNDS_FROM + 12_34;
    await setBalance(acc.id, -debt);
    const ruleId = await createRule(acc.id, {
      day_of_month: 10,
      monthly_limit: 2 * INSUFFICIENT_FUNDS_FROM,
      max_failures: 3,
    });

    const days = ["2026-07-10T09:00:00Z", "2026-07-11T09:00:00Z", "2026-07-12T09:00:00Z"];
    for (const [n, day] of days.entries()) {
      at(day);
      await runJob();
      // Later runs the same day do not charge again.
      env.clock.advance(5 * 60_000);
      await runJob();
      env.clock.advance(6 * 60 * 60_000);
      await runJob();
      const tries = await rulePayments(ruleId);
      expect(tries, day).toHaveLength(n + 1);
      expect(tries[n]).toMatchObject({
        source: "autopay",
        method: "saved_card",
        status: "failed",
        failureReason: "insufficient_funds",
        amount: debt,
      });
      const r = await rule(ruleId);
      expect(r.failures).toBe(n + 1);
      expect(r.enabled).toBe(n + 1 < 3);
    }
    const tries = await rulePayments(ruleId);
    // Every execution is a payment with its own run key; nothing moved.
    expect(tries.map((p) => p.autopayRunKey)).toEqual(["m:2026-07", "m:2026-07:2", "m:2026-07:3"]);
    expect(await balance(acc.id)).toBe(-debt);
    expect(await rule(ruleId)).toMatchObject({ enabled: false, disabledReason: "too_many_failures" });

    // Disabled: no more tries this month, nor next month on its day.
    for (const day of ["2026-07-13T09:00:00Z", "2026-08-10T09:00:00Z"]) {
      at(day);
      await runJob();
    }
    expect(await rulePayments(ruleId)).toHaveLength(3);

    // Every user who sees the account was told of each failure, in the app and by e-mail; the last
    // notice says the rule is off.
    const notes = await env.conn.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.companyId, co.id), eq(notifications.kind, "autopay_failed")))
      .orderBy(asc(notifications.createdAt));
    const mine = notes.filter((n) => (n.data as { rule_id?: string }).rule_id === ruleId);
    expect(mine).toHaveLength(3 * 3);
    const accountant = await token();
    const inApp = await call(env.app, "GET", "/v1/notifications", undefined, { token: accountant });
    const seen = inApp.body.data.filter(
      (n: { kind: string; data: { rule_id?: string } }) =>
        n.kind === "autopay_failed" && n.data.rule_id === ruleId,
    );
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatchObject({ title: "Autopay failed", data: { disabled: true } });
    expect(seen[0].body).toContain("The autopay rule was disabled");
    // The amount as people write it: 1 000 012,34 ₽ (INSUFFICIENT_FUNDS_FROM + 12,34 ₽).
    expect(seen[0].body).toMatch(/^Could not charge 1,000,012\.34 ₽ to the saved card/);
    expect(seen[1].data.disabled).toBe(false);
    const mails = await env.conn.db
      .select()
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.companyId, co.id),
          eq(outboxMessages.kind, "notice_autopay_failed"),
          eq(outboxMessages.recipient, `${co.accountant.login}@example.test`),
        ),
      );
    expect(mails).toHaveLength(3);
    expect(mails.some((m) => m.body.includes("Правило автоплатежа отключено"))).toBe(true);
    expect(mails[0]!.body).toMatch(/^Не удалось списать 1\u00a0000\u00a0012,34 ₽ с сохранённой карты/);
    expect(await ledgerBroken()).toBe(0);
  });

  it("a declined charge retried the next day succeeds: the debt is paid off once and the failure count clears", async () => {
    at("2026-09-01T08:00:00Z");
    const acc = co.accounts[4]!;
    await setBalance(acc.id, -INSUFFICIENT_FUNDS_FROM);
    const ruleId = await createRule(acc.id, {
      day_of_month: 15,
      monthly_limit: 2 * INSUFFICIENT_FUNDS_FROM,
      max_failures: 3,
    });
    at("2026-09-15T09:00:00Z");
    await runJob();
    expect(await rulePayments(ruleId)).toMatchObject([{ status: "failed" }]);
    expect((await rule(ruleId)).failures).toBe(1);

    // The customer pays part of the debt by other means; the next day's try is for what is left.
    at("2026-09-15T12:00:00Z");
    await setBalance(acc.id, -4321_00);
    at("2026-09-16T09:00:00Z");
    await Promise.all([runJob(), runJob()]);
    await runJob();
    const tries = await rulePayments(ruleId);
    expect(tries).toHaveLength(2);
    expect(tries[1]).toMatchObject({ status: "succeeded", amount: 4321_00 });
    expect(tries[0]!.autopayRunKey).not.toBe(tries[1]!.autopayRunKey);
    expect(await balance(acc.id)).toBe(0);
    expect(await rule(ruleId)).toMatchObject({ failures: 0, enabled: true, disabledReason: null });

    // Paid off: nothing more this month, even with a new debt.
    at("2026-09-17T09:00:00Z");
    await setBalance(acc.id, -10_00);
    await runJob();
    expect(await rulePayments(ruleId)).toHaveLength(2);
    expect(await ledgerBroken()).toBe(0);
  });
});
