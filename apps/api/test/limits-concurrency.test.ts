import { randomUUID } from "node:crypto";
import {
  accountsOffLedger,
  balanceOf,
  chargeMonthsBefore,
  makeCompany,
  setBalance,
  type TestCompany,
} from "@lk/core/testing";
import { ledgerEntries, promisedPayments } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultJobs } from "../src/jobs/jobs";
import { call, signIn, testClock } from "./helpers";
import { autopayPayments, createPaymentsEnv, type PaymentsEnv, saveCard } from "./payments-env";

// The monthly limits on money (issue 18), hit in parallel: the promised payment (once a month per
// account, up to its limit) and an autopay rule's monthly_limit. On PostgreSQL the requests and job
// runs truly race on several connections; on PGlite they interleave at every await.
// The other counters (lockout, rate limits, the public miss budget) are in counters-concurrency.

let env: PaymentsEnv;
let co: TestCompany;
let accountant: string;

const parallel = <T>(n: number, f: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => f(i)));

beforeAll(async () => {
  env = await createPaymentsEnv({ clock: testClock(new Date("2026-03-10T09:00:00Z")) });
  co = await makeCompany(env.conn, { accountsPerGroup: 1, now: new Date("2025-11-01T00:00:00Z") });
  accountant = await signIn(env.app, co.accountant.login, co.accountant.password);
});
afterAll(() => env.close());

describe("promised payment: once a month per account", () => {
  it("12 parallel requests with different keys: one promise, one credit, the rest 409", async () => {
    const acc = co.accounts[0]!;
    // 3 000, 3 000 and 3 300 ₽ of charges in the three months before → a 3 100 ₽ limit.
    await chargeMonthsBefore(env.conn.db, acc.id, [3000_00, 3000_00, 3300_00], env.clock());
    const rs = await parallel(12, (i) =>
      call(
        env.app,
        "POST",
        `/v1/accounts/${acc.id}/promised-payment`,
        { amount: 1000_00 + i * 100_00 },
        { token: accountant, headers: { "idempotency-key": `promised-race-${randomUUID()}` } },
      ),
    );
    const ok = rs.filter((r) => r.status === 201);
    expect(ok).toHaveLength(1);
    // A request that sees the first promise already there says so; one that raced it hits the
    // (account, month) constraint. Either way a 409 and nothing written.
    const refused = rs.filter((r) => r.status !== 201);
    expect(refused.map((r) => r.status)).toEqual(Array(11).fill(409));
    for (const r of refused)
      expect(["promised_active_exists", "promised_already_used_this_month"]).toContain(r.body.code);
    const rows = await env.conn.db
      .select()
      .from(promisedPayments)
      .where(eq(promisedPayments.accountId, acc.id));
    expect(rows.map((r) => r.amount)).toEqual([ok[0]!.body.amount]);
    const credits = await env.conn.db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, acc.id), eq(ledgerEntries.kind, "promised_payment")));
    expect(credits.map((c) => c.amount)).toEqual([ok[0]!.body.amount]);
    expect(await accountsOffLedger(env.conn.db, co.id)).toBe(0);
  });
});

describe("autopay: the rule's monthly limit", () => {
  it("8 parallel job runs per low-balance episode: one charge each, never past the limit", async () => {
    const acc = co.accounts[1]!;
    const cardId = await saveCard(env, accountant, co.accounts[2]!.id);
    const rule = await call(
      env.app,
      "POST",
      "/v1/autopay-rules",
      {
        account_id: acc.id,
        kind: "threshold",
        threshold: 500_00,
        amount: 2000_00,
        saved_card_id: cardId,
        monthly_limit: 5000_00,
        max_failures: 3,
      },
      { token: accountant },
    );
    expect(rule.status).toBe(201);
    const job = defaultJobs(env.app.deps).find((j) => j.name === "autopay")!;
    const charged = async () =>
      (await autopayPayments(env, rule.body.id))
        .filter((p) => p.status === "succeeded")
        .map((p) => p.amount)
        .sort((a, b) => b - a);

    // Four times the balance drops below the threshold and eight instances run the job at once.
    const seen: number[][] = [];
    for (let episode = 0; episode < 4; episode++) {
      await setBalance(env.conn.db, acc.id, 100_00, env.clock());
      await parallel(8, () => job.run());
      await env.sandbox.app.sandbox.notificationsIdle();
      seen.push(await charged());
    }
    // 2 000 + 2 000, then the 1 000 ₽ left of the 5 000 ₽ limit, then nothing.
    expect(seen).toEqual([
      [2000_00],
      [2000_00, 2000_00],
      [2000_00, 2000_00, 1000_00],
      [2000_00, 2000_00, 1000_00],
    ]);
    expect(await autopayPayments(env, rule.body.id)).toHaveLength(3);
    expect(await balanceOf(env.conn.db, acc.id)).toBe(100_00);
    expect(await accountsOffLedger(env.conn.db, co.id)).toBe(0);
  });
});
