import { type AcquirerProvider, createSandboxProvider, postLedger } from "@lk/core";
import { balanceOf, makeCompany, type TestCompany } from "@lk/core/testing";
import { ledgerEntries } from "@lk/db";
import { nodeFetch } from "@lk/http-client";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../src/app";
import { defaultJobs } from "../src/jobs/jobs";
import { call, signIn, testClock } from "./helpers";
import {
  autopayPayments,
  autopayRule,
  createPaymentsEnv,
  type PaymentsEnv,
  paymentsConfig,
  SECRET,
  SHOP,
  saveCard,
} from "./payments-env";

// An autopay charge whose acquirer call ends without an answer (the network fails, the acquirer
// answers 5xx) may or may not have been made. It must stay pending — not fail, or a retry would
// charge the card a second time — until the acquirer's notification or a later run's request with
// the same idempotency key settles it. The real sandbox acquirer; only the network between the
// API and the acquirer is broken here (the fetch the acquirer adapter is given).

let env: PaymentsEnv;
let co: TestCompany;
let app: App;
let cardId: string;
/** ok: the network works; lose_answer: requests reach the acquirer, answers are lost; down: nothing gets through. */
let network: "ok" | "lose_answer" | "down" = "ok";

const flakyFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  if (network === "down") throw new TypeError("fetch failed: connect ECONNREFUSED");
  const res = await nodeFetch(input as string, init);
  if (network === "lose_answer") {
    await res.arrayBuffer();
    throw new TypeError("fetch failed: other side closed");
  }
  return res;
}) as typeof fetch;

const at = (iso: string) => env.clock.set(new Date(iso));
const token = () => signIn(env.app, co.accountant.login, co.accountant.password);
async function runJob(on: App = app) {
  const job = defaultJobs(on.deps).find((j) => j.name === "autopay")!;
  const result = await job.run();
  await env.sandbox.app.sandbox.notificationsIdle();
  return result;
}
const balance = (id: string) => balanceOf(env.conn.db, id);
const rulePayments = (ruleId: string) => autopayPayments(env, ruleId);
const failures = (id: string) => autopayRule(env, id);

async function debtRule(accountId: string, debt: number, day = 5) {
  await env.conn.db.transaction((tx) =>
    postLedger(tx, [{ accountId, kind: "charge", amount: -debt, description: "Абонентская плата" }], {
      now: env.clock(),
    }),
  );
  const res = await call(
    env.app,
    "POST",
    "/v1/autopay-rules",
    {
      account_id: accountId,
      kind: "monthly_debt",
      day_of_month: day,
      saved_card_id: cardId,
      monthly_limit: 10000_00,
      max_failures: 2,
    },
    { token: await token() },
  );
  expect(res.status).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  env = await createPaymentsEnv({ clock: testClock(new Date("2026-03-01T08:00:00Z")) });
  co = await makeCompany(env.conn, { accountsPerGroup: 2, now: new Date("2026-01-01T00:00:00Z") });
  const acquirer: AcquirerProvider = createSandboxProvider({
    baseUrl: env.sandbox.url,
    shopId: SHOP,
    secretKey: SECRET,
    fetch: flakyFetch,
    retries: 1,
  });
  app = createApp({ conn: env.conn, config: paymentsConfig(), now: env.clock, acquirer });
  cardId = await saveCard(env, await token(), co.accounts[5]!.id);
});
afterAll(() => env.close());

describe("autopay: a charge the acquirer did not answer", () => {
  it("made by the acquirer but its answer lost: stays pending, is settled once by the notification, never charged again", async () => {
    const acc = co.accounts[0]!;
    at("2026-03-01T08:00:00Z");
    const ruleId = await debtRule(acc.id, 700_00);
    at("2026-03-05T09:00:00Z");
    network = "lose_answer";
    const first = await runJob();
    network = "ok";
    expect(first).toMatchObject({ charged: 0, failed: 0 });
    // The sandbox made the charge and told the API: the payment succeeded through its notification.
    const [paid] = await rulePayments(ruleId);
    expect(paid).toMatchObject({ status: "succeeded", amount: 700_00 });
    expect(await balance(acc.id)).toBe(0);
    expect((await failures(ruleId)).failures).toBe(0);
    // The next days: no second charge (one payoff a month), one ledger credit.
    for (const day of ["2026-03-05T09:10:00Z", "2026-03-06T09:00:00Z"]) {
      at(day);
      await runJob();
    }
    expect(await rulePayments(ruleId)).toHaveLength(1);
    const credits = await env.conn.db.select().from(ledgerEntries).where(eq(ledgerEntries.refId, paid!.id));
    expect(credits).toMatchObject([{ kind: "payment", amount: 700_00 }]);
  });

  it("never reached the acquirer: stays pending with no failure counted, asked again with the same key later, charged once", async () => {
    const acc = co.accounts[1]!;
    at("2026-04-01T08:00:00Z");
    const ruleId = await debtRule(acc.id, 450_00);
    at("2026-04-05T09:00:00Z");
    network = "down";
    expect(await runJob()).toMatchObject({ charged: 0, failed: 0, pending: 1 });
    // Still down a few minutes later, and the next day: nothing new, nothing failed.
    at("2026-04-05T09:06:00Z");
    expect(await runJob()).toMatchObject({ charged: 0, failed: 0, pending: 1 });
    at("2026-04-06T09:00:00Z");
    await runJob();
    let list = await rulePayments(ruleId);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: "pending", acquirerPaymentId: null });
    expect(await failures(ruleId)).toMatchObject({ enabled: true, failures: 0 });
    expect(await balance(acc.id)).toBe(-450_00);

    // The network is back: the same payment is asked again (same idempotency key) and succeeds.
    network = "ok";
    at("2026-04-06T09:10:00Z");
    expect(await runJob()).toMatchObject({ charged: 1, failed: 0, pending: 0 });
    list = await rulePayments(ruleId);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: "succeeded", amount: 450_00, cardMask: "•• 4242" });
    expect(await balance(acc.id)).toBe(0);
    at("2026-04-07T09:00:00Z");
    await runJob();
    expect(await rulePayments(ruleId)).toHaveLength(1);
    const credits = await env.conn.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.refId, list[0]!.id));
    expect(credits).toMatchObject([{ kind: "payment", amount: 450_00 }]);
    expect((await failures(ruleId)).failures).toBe(0);
  });

  it("left unanswered at the end of a month: the user cannot cancel it, no job charges again, next month's run settles it once", async () => {
    const acc = co.accounts[2]!;
    at("2026-05-31T08:00:00Z");
    const ruleId = await debtRule(acc.id, 800_00, 1);
    at("2026-05-31T09:00:00Z");
    network = "down";
    expect(await runJob()).toMatchObject({ charged: 0, failed: 0, pending: 1 });
    const [open] = await rulePayments(ruleId);
    expect(open).toMatchObject({ status: "pending", acquirerPaymentId: null });

    // Canceling it would let the rule charge again while the acquirer may have taken the money.
    const cancel = await call(env.app, "POST", `/v1/payments/${open!.id}/cancel`, undefined, {
      token: await token(),
      lang: "ru",
    });
    expect(cancel.status).toBe(409);
    expect(cancel.body).toMatchObject({ code: "payment_not_cancelable" });
    expect(cancel.body.detail).toContain("эквайер");

    // A job without an acquirer neither fails it nor charges anew.
    const noAcquirer = createApp({ conn: env.conn, config: paymentsConfig(), now: env.clock });
    at("2026-05-31T09:10:00Z");
    expect(await runJob(noAcquirer)).toMatchObject({ charged: 0, failed: 0, pending: 0 });
    expect(await rulePayments(ruleId)).toMatchObject([{ status: "pending" }]);

    // June: the network is back. The May charge is asked again and succeeds; June's run makes no
    // try of its own for the debt that charge paid.
    network = "ok";
    at("2026-06-01T09:00:00Z");
    expect(await runJob()).toMatchObject({ charged: 1, failed: 0, pending: 0 });
    at("2026-06-02T09:00:00Z");
    await runJob();
    const list = await rulePayments(ruleId);
    expect(list).toMatchObject([{ id: open!.id, status: "succeeded", amount: 800_00 }]);
    expect(await balance(acc.id)).toBe(0);
  });
});
