import {
  accountsOffLedger,
  balanceOf,
  issueTestInvoice,
  makeCompany,
  type TestCompany,
} from "@lk/core/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, operator, signIn } from "./helpers";
import { createPaymentsEnv, type PaymentsEnv, payOnPage } from "./payments-env";

// Every credit settles the invoices it covers in its own transaction (issue #15 item 8, ADR 0070):
// the invoice it names, else the account's oldest unpaid invoices by due date. Through the real app
// (card payments through the sandbox acquirer over HTTP), on PGlite or PostgreSQL.

let env: PaymentsEnv;
let co: TestCompany;
let accountant: string;
let seq = 0;
const key = () => `settle-${Date.now()}-${++seq}`;

const invoice = async (id: string) =>
  (await call(env.app, "GET", `/v1/invoices/${id}`, undefined, { token: accountant })).body;
/** What the overview's «К оплате сейчас» and «Неоплаченные счета» read: the unpaid invoices. */
const unpaid = async (accountId: string) => {
  const r = await call(env.app, "GET", `/v1/invoices?account_id=${accountId}&limit=100`, undefined, {
    token: accountant,
  });
  expect(r.status).toBe(200);
  return (r.body.data as { number: string; status: string; amount_due: number }[])
    .filter((i) => i.status !== "paid")
    .map((i) => [i.number, i.amount_due]);
};
const adjust = (accountId: string, amount: number) =>
  call(
    env.app,
    "POST",
    "/v1/operator/ledger/adjustments",
    { account_id: accountId, amount, kind: "payment", description: "Оплата в кассе" },
    { headers: { ...operator.headers, "idempotency-key": key() } },
  );

/** Three invoices of the account, oldest due first, each charged to it as the billing run does. */
async function threeInvoices(accountId: string, totals = [1000_00, 700_00, 500_00]) {
  const out = [];
  for (const [n, total] of totals.entries()) {
    const month = String(n + 1).padStart(2, "0");
    out.push(
      await issueTestInvoice(env.conn.db, {
        companyId: co.id,
        accountId,
        total,
        period: `2026-${month}`,
        dueOn: `2026-${String(n + 2).padStart(2, "0")}-20`,
      }),
    );
  }
  return out;
}

beforeAll(async () => {
  env = await createPaymentsEnv();
  co = await makeCompany(env.conn, { billingSystem: "credit", accountsPerGroup: 3 });
  accountant = await signIn(env.app, co.accountant.login, co.accountant.password);
});
afterAll(() => env.close());

describe("a card payment to an account", () => {
  it("pays its oldest invoices at once; a partly covered one owes less", async () => {
    const acc = co.accounts[0]!;
    const [a, b, c] = await threeInvoices(acc.id);
    expect(await unpaid(acc.id)).toEqual([
      [c!.number, 500_00],
      [b!.number, 700_00],
      [a!.number, 1000_00],
    ]);
    const res = await call(
      env.app,
      "POST",
      "/v1/payments",
      { items: [{ account_id: acc.id, amount: 1200_00 }], method: "card" },
      { token: accountant, headers: { "idempotency-key": key() } },
    );
    expect(res.status).toBe(201);
    await payOnPage(res.body.confirmation_url, "4242424242424242");
    await env.sandbox.app.sandbox.notificationsIdle();

    // No job has run: the oldest is paid, the next owes 500,00 of its 700,00, the newest all of it.
    expect(await invoice(a!.id)).toMatchObject({ status: "paid", amount_due: 0 });
    expect((await invoice(a!.id)).paid_at).not.toBeNull();
    expect(await invoice(b!.id)).toMatchObject({ status: "issued", amount_due: 500_00 });
    expect(await unpaid(acc.id)).toEqual([
      [c!.number, 500_00],
      [b!.number, 500_00],
    ]);
    // The owed-now sum equals the account's debt.
    expect(await balanceOf(env.conn.db, acc.id)).toBe(-1000_00);
    expect(await accountsOffLedger(env.conn.db, co.id)).toBe(0);
  });
});

describe("a transfer and an operator's credit", () => {
  it("a transfer in settles the target's oldest invoice; the rest by an adjustment pays them all", async () => {
    const [src, dst] = [co.accounts[1]!, co.accounts[2]!];
    expect((await adjust(src.id, 5000_00)).status).toBe(201);
    const [a, b, c] = await threeInvoices(dst.id);
    const t = await call(
      env.app,
      "POST",
      "/v1/transfers",
      { from_account_id: src.id, targets: [{ account_id: dst.id, amount: 1000_00 }] },
      { token: accountant, headers: { "idempotency-key": key() } },
    );
    expect(t.status).toBe(201);
    expect(await invoice(a!.id)).toMatchObject({ status: "paid", amount_due: 0 });
    expect(await unpaid(dst.id)).toEqual([
      [c!.number, 500_00],
      [b!.number, 700_00],
    ]);
    // 1 200,00 covers both: the account is out of debt, nothing is left to pay.
    expect((await adjust(dst.id, 1200_00)).status).toBe(201);
    expect(await unpaid(dst.id)).toEqual([]);
    expect(await invoice(c!.id)).toMatchObject({ status: "paid", amount_due: 0 });
    // A debit (negative adjustment) settles nothing and reopens nothing.
    expect((await adjust(dst.id, -100_00)).status).toBe(201);
    expect(await unpaid(dst.id)).toEqual([]);
    expect(await accountsOffLedger(env.conn.db, co.id)).toBe(0);
  });
});

describe("property: any sequence of credits", () => {
  it("pays exactly the oldest-first prefix the money covers; balance is the ledger's sum", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 900_00 }), { minLength: 1, maxLength: 4 }),
        fc.array(
          fc.record({
            amount: fc.integer({ min: 100, max: 1200_00 }),
            via: fc.constantFrom("adjustment", "transfer"),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (totals, credits) => {
          // A company of its own per run: its first account owes the invoices, the second pays in.
          const c = await makeCompany(env.conn, { billingSystem: "credit", accountsPerGroup: 1 });
          const token = await signIn(env.app, c.accountant.login, c.accountant.password);
          const [acc, src] = [c.accounts[0]!, c.accounts[1]!];
          const issued = [];
          for (const [n, total] of totals.entries()) {
            const month = String(n + 1).padStart(2, "0");
            issued.push(
              await issueTestInvoice(env.conn.db, {
                companyId: c.id,
                accountId: acc.id,
                total,
                period: `2026-${month}`,
                dueOn: `2026-${month}-20`,
              }),
            );
          }
          expect((await adjust(src.id, 10_000_00)).status).toBe(201);
          for (const { amount, via } of credits) {
            const r =
              via === "adjustment"
                ? await adjust(acc.id, amount)
                : await call(
                    env.app,
                    "POST",
                    "/v1/transfers",
                    { from_account_id: src.id, targets: [{ account_id: acc.id, amount }] },
                    { token, headers: { "idempotency-key": key() } },
                  );
            expect(r.status).toBe(201);
          }
          const list = await call(env.app, "GET", `/v1/invoices?account_id=${acc.id}&limit=100`, undefined, {
            token,
          });
          const byNumber = new Map(
            (list.body.data as { number: string; status: string; amount_due: number }[]).map((i) => [
              i.number,
              i,
            ]),
          );
          // Oldest first, each invoice takes what is left of the money up to its total.
          let money = credits.reduce((s, x) => s + x.amount, 0);
          for (const inv of issued) {
            const covered = Math.max(0, Math.min(inv.total, money));
            money -= covered;
            const got = byNumber.get(inv.number)!;
            if (covered === inv.total) expect(got).toMatchObject({ status: "paid", amount_due: 0 });
            else expect(got).toMatchObject({ status: "issued", amount_due: inv.total - covered });
          }
          const owed = totals.reduce((s, x) => s + x, 0);
          expect(await balanceOf(env.conn.db, acc.id)).toBe(credits.reduce((s, x) => s + x.amount, 0) - owed);
          expect(await accountsOffLedger(env.conn.db, c.id)).toBe(0);
        },
      ),
      { numRuns: 12 },
    );
  });
});
