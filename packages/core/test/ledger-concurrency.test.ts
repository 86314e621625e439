import { accounts, type Connection, ledgerEntries } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { eq, inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postLedger } from "../src/ledger/post";
import { applyReport } from "../src/payments/apply";
import { insertPayment } from "../src/payments/create-record";
import { allocate, commissionFor } from "../src/payments/pricing";
import { nextStatus } from "../src/payments/status";
import { accountsOffLedger, makeCompany, type TestCompany } from "../src/testing/fixtures";
import { createTransfer } from "../src/transfers/transfer";
import { ctxFor, userOf } from "./payments-ctx";

let conn: Connection;
let co: TestCompany;
beforeAll(async () => {
  conn = await createTestDatabase();
  co = await makeCompany(conn, { accountsPerGroup: 1 });
});
afterAll(() => conn.close());

const total = async (ids: string[]) =>
  (await conn.db.select({ b: accounts.balance }).from(accounts).where(inArray(accounts.id, ids))).reduce(
    (s, r) => s + r.b,
    0,
  );

describe("100 payments, transfers and charges racing on the same accounts", () => {
  it("keeps balance = sum of entries and conserves the total", async () => {
    const ids = co.accounts.map((a) => a.id);
    const ctx = ctxFor(conn, userOf(co), () => new Date());
    await conn.db.transaction((tx) =>
      postLedger(
        tx,
        ids.map((accountId) => ({ accountId, kind: "adjustment", amount: 1000_00, description: "start" })),
        { now: new Date() },
      ),
    );
    const start = await total(ids);
    let credited = 0;
    let charged = 0;
    const ops = Array.from({ length: 100 }, (_, n) => {
      const a = ids[n % ids.length]!;
      const b = ids[(n + 1) % ids.length]!;
      if (n % 3 === 0)
        return async () => {
          const { id } = await insertPayment(ctx, {
            companyId: co.id,
            source: "cabinet",
            method: "card",
            idempotencyKey: `race-${n}`,
            description: "race",
            items: [{ accountId: a, companyId: co.id, invoiceId: null, amount: 10_00 }],
            commission: 0,
            bonus: 0,
          });
          // Two reports of the same success race too: only one may credit.
          const apply = () =>
            conn.db.transaction((tx) =>
              applyReport(tx, ctx, id, { status: "succeeded", occurredAt: new Date() }),
            );
          const outcomes = await Promise.all([apply(), apply()]);
          credited += outcomes.filter((o) => o === "applied").length * 10_00;
        };
      if (n % 3 === 1)
        return () =>
          createTransfer({
            ctx,
            input: {
              from_account_id: a,
              targets: [{ account_id: b, amount: 50_00 }],
              idempotency_key: `race-t-${n}`,
            },
          }).catch((e: { code?: string }) => {
            if (e.code !== "insufficient_funds") throw e;
          });
      return async () => {
        await conn.db.transaction((tx) =>
          postLedger(tx, [{ accountId: a, kind: "charge", amount: -7_00, description: "race charge" }], {
            now: new Date(),
          }),
        );
        charged += 7_00;
      };
    });
    await Promise.all(ops.map((op) => op()));
    expect(await accountsOffLedger(conn.db, co.id)).toBe(0);
    expect(credited).toBe(34 * 10_00);
    expect(await total(ids)).toBe(start + credited - charged);
    const payments = await conn.db
      .select({ n: sql<number>`count(*)::int` })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.kind, "payment"));
    expect(payments[0]!.n).toBe(34);
  });
});

describe("pure payment rules", () => {
  it("allocate never exceeds an item or the total, and sums to min(total, sum)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1e9 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 2e10 }),
        (xs, t) => {
          const parts = allocate(xs, t);
          const sum = xs.reduce((s, x) => s + x, 0);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(Math.min(t, sum));
          for (const [i, p] of parts.entries()) expect(p >= 0 && p <= xs[i]!).toBe(true);
        },
      ),
    );
  });

  it("commission is rounded up and at least the minimum", () => {
    expect(commissionFor(100_00, { percent_bp: 180, min: 0 })).toBe(180);
    expect(commissionFor(1, { percent_bp: 180, min: 0 })).toBe(1);
    expect(commissionFor(100_00, { percent_bp: 0, min: 30_00 })).toBe(30_00);
    expect(commissionFor(100_00, { percent_bp: 0, min: 0 })).toBe(0);
  });

  it("status moves only forward", () => {
    expect(nextStatus("succeeded", "requires_action")).toBeNull();
    expect(nextStatus("succeeded", "succeeded")).toBeNull();
    expect(nextStatus("failed", "succeeded")).toBeNull();
    expect(nextStatus("requires_action", "succeeded")).toBe("succeeded");
    expect(nextStatus("canceled", "succeeded")).toBe("succeeded");
    expect(nextStatus("pending", "requires_action")).toBe("requires_action");
  });
});
