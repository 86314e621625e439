// Bonus accrual by the configured rule (LK_BONUS_PERCENT_BP, LK_BONUS_SOURCES) and the company's
// own percentage set by the operator (PATCH /v1/operator/companies/{id}/payment-settings): a real
// card payment through the sandbox acquirer accrues its card part times the percentage.
import { randomUUID } from "node:crypto";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";
import { call, operator, signIn } from "./helpers";
import { createPaymentsEnv, type PaymentsEnv, payOnPage } from "./payments-env";

/** Pays `amount` by card on the company's first account; returns what the payment accrued. */
async function payAndAccrued(env: PaymentsEnv, co: TestCompany, amount: number): Promise<number[]> {
  const token = await signIn(env.app, co.accountant.login, co.accountant.password);
  const res = await call(
    env.app,
    "POST",
    "/v1/payments",
    { items: [{ account_id: co.accounts[0]!.id, amount }], method: "card" },
    { token, headers: { "idempotency-key": `bonus-${randomUUID()}` } },
  );
  expect(res.status).toBe(201);
  await payOnPage(res.body.confirmation_url, "4242424242424242");
  await env.sandbox.app.sandbox.notificationsIdle();
  const got = await call(env.app, "GET", `/v1/payments/${res.body.id}`, undefined, { token });
  expect(got.body.status).toBe("succeeded");
  const journal = await call(env.app, "GET", "/v1/bonuses?limit=1000", undefined, { token });
  return journal.body.data
    .filter((e: { kind: string; payment_id: string }) => e.kind === "accrual" && e.payment_id === res.body.id)
    .map((e: { amount: number }) => e.amount);
}

const setPercent = async (env: PaymentsEnv, co: TestCompany, bp: number | null) => {
  const res = await call(
    env.app,
    "PATCH",
    `/v1/operator/companies/${co.id}/payment-settings`,
    { bonus_percent_bp: bp },
    operator,
  );
  expect(res.status).toBe(200);
  return res.body;
};

describe("configured rule 2.5 % (LK_BONUS_PERCENT_BP=250)", () => {
  let env: PaymentsEnv;
  let co: TestCompany;
  let plain: TestCompany;
  beforeAll(async () => {
    env = await createPaymentsEnv({ env: { LK_BONUS_PERCENT_BP: "250" } });
    co = await makeCompany(env.conn, { accountsPerGroup: 1 });
    plain = await makeCompany(env.conn, { accountsPerGroup: 1 });
  });
  afterAll(() => env.close());

  it("a payment accrues the configured percentage of its card part", async () => {
    expect(await payAndAccrued(env, co, 1000_00)).toEqual([25_00]);
    expect(await payAndAccrued(env, plain, 333_33)).toEqual([8_33]); // rounded down
    const s = await call(
      env.app,
      "GET",
      `/v1/operator/companies/${co.id}/payment-settings`,
      undefined,
      operator,
    );
    expect(s.body).toMatchObject({ bonus_percent_bp: null, effective_bonus_percent_bp: 250 });
  });

  it("the company's own percentage wins; 0 accrues nothing; null returns to the configured one", async () => {
    expect(await setPercent(env, co, 50)).toMatchObject({ effective_bonus_percent_bp: 50 });
    expect(await payAndAccrued(env, co, 1000_00)).toEqual([5_00]);
    expect(await payAndAccrued(env, plain, 1000_00)).toEqual([25_00]); // other companies keep the rule

    expect(await setPercent(env, co, 0)).toMatchObject({
      bonus_percent_bp: 0,
      effective_bonus_percent_bp: 0,
    });
    expect(await payAndAccrued(env, co, 1000_00)).toEqual([]);

    expect(await setPercent(env, co, null)).toMatchObject({ effective_bonus_percent_bp: 250 });
    expect(await payAndAccrued(env, co, 1000_00)).toEqual([25_00]);
  });
});

describe("accrual off by configuration (LK_BONUS_PERCENT_BP=0)", () => {
  let env: PaymentsEnv;
  let co: TestCompany;
  beforeAll(async () => {
    env = await createPaymentsEnv({ env: { LK_BONUS_PERCENT_BP: "0" } });
    co = await makeCompany(env.conn, { accountsPerGroup: 1 });
  });
  afterAll(() => env.close());

  it("no payment accrues, unless the company's contract sets its own percentage", async () => {
    expect(await payAndAccrued(env, co, 1000_00)).toEqual([]);
    const token = await signIn(env.app, co.viewer.login, co.viewer.password);
    expect((await call(env.app, "GET", "/v1/bonuses", undefined, { token })).body).toMatchObject({
      balance: 0,
      data: [],
    });
    await setPercent(env, co, 100);
    expect(await payAndAccrued(env, co, 1000_00)).toEqual([10_00]);
  });
});

describe("bonus configuration at start-up", () => {
  it("defaults to 1 % of cabinet, autopay and widget payments", () => {
    expect(loadConfig({}).core.bonuses).toEqual({
      defaultPercentBp: 100,
      sources: ["cabinet", "autopay", "public"],
    });
    expect(
      loadConfig({ LK_BONUS_PERCENT_BP: "150", LK_BONUS_SOURCES: "cabinet, public,cabinet" }).core.bonuses,
    ).toEqual({ defaultPercentBp: 150, sources: ["cabinet", "public"] });
  });

  it("refuses a bad value with a message naming the variable", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ LK_BONUS_PERCENT_BP: "1%" }, /LK_BONUS_PERCENT_BP: a whole number of basis points/],
      [{ LK_BONUS_PERCENT_BP: "1.5" }, /LK_BONUS_PERCENT_BP: a whole number/],
      [{ LK_BONUS_PERCENT_BP: "-1" }, /LK_BONUS_PERCENT_BP: a whole number/],
      [{ LK_BONUS_PERCENT_BP: "" }, /LK_BONUS_PERCENT_BP: a whole number/],
      [{ LK_BONUS_PERCENT_BP: "10001" }, /LK_BONUS_PERCENT_BP: at most 10000/],
      [{ LK_BONUS_SOURCES: "cabinet,card" }, /LK_BONUS_SOURCES: unknown source card/],
      [{ LK_BONUS_SOURCES: " , " }, /LK_BONUS_SOURCES: a comma-separated list of cabinet, autopay, public/],
    ];
    for (const [env, message] of cases) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(ConfigError);
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);
    }
  });
});
