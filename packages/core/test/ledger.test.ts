import { type Connection, type LedgerKind, rows } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postLedger } from "../src/ledger/index";
import { makeCompany, type TestCompany } from "../src/testing/fixtures";

let conn: Connection;
let co: TestCompany;
beforeAll(async () => {
  conn = await createTestDatabase();
  co = await makeCompany(conn, { accountsPerGroup: 2 });
});
afterAll(() => conn.close());

const state = async (ids: string[]) =>
  rows<{ id: string; balance: string | number; sum: string | number }>(
    conn.db,
    sql`SELECT a.id, a.balance, coalesce((SELECT sum(amount) FROM ledger_entries e WHERE e.account_id = a.id), 0)::bigint AS sum
          FROM accounts a WHERE a.id = ANY(${`{${ids.join(",")}}`}::uuid[])`,
  );

type Op =
  | { t: "single"; acc: number; kind: LedgerKind; amount: number }
  | { t: "transfer"; from: number; to: number; amount: number };

const kinds: LedgerKind[] = [
  "charge",
  "payment",
  "bonus",
  "promised_payment",
  "promised_repayment",
  "refund",
  "adjustment",
];
const amount = fc.integer({ min: 1, max: 10_000_000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    t: fc.constant("single" as const),
    acc: fc.nat(2),
    kind: fc.constantFrom(...kinds),
    amount: fc.tuple(amount, fc.boolean()).map(([a, neg]) => (neg ? -a : a)),
  }),
  fc
    .record({ t: fc.constant("transfer" as const), from: fc.nat(2), to: fc.nat(2), amount })
    .filter((o) => o.from !== o.to),
);

describe("ledger properties", () => {
  it("random operations keep balance == sum of entries and move exactly what they say", async () => {
    const ids = co.accounts.slice(0, 3).map((a) => a.id);
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        const before = await state(ids);
        const total0 = before.reduce((s, r) => s + Number(r.balance), 0);
        let expected = 0;
        for (const o of ops) {
          await conn.db.transaction(async (tx) => {
            if (o.t === "single") {
              expected += o.amount;
              await postLedger(
                tx,
                [{ accountId: ids[o.acc]!, kind: o.kind, amount: o.amount, description: "p" }],
                {
                  now: new Date(),
                },
              );
            } else {
              await postLedger(
                tx,
                [
                  { accountId: ids[o.from]!, kind: "transfer_out", amount: -o.amount, description: "t" },
                  { accountId: ids[o.to]!, kind: "transfer_in", amount: o.amount, description: "t" },
                ],
                { now: new Date() },
              );
            }
          });
        }
        const after = await state(ids);
        for (const r of after) expect(Number(r.balance)).toBe(Number(r.sum));
        // Transfers neither create nor lose money; singles move exactly their amount.
        expect(after.reduce((s, r) => s + Number(r.balance), 0) - total0).toBe(expected);
      }),
      { numRuns: 25 },
    );
  });

  it("a rolled-back operation leaves no trace", async () => {
    const id = co.accounts[3]!.id;
    const [before] = await state([id]);
    await expect(
      conn.db.transaction(async (tx) => {
        await postLedger(tx, [{ accountId: id, kind: "payment", amount: 500, description: "x" }], {
          now: new Date(),
        });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const [after] = await state([id]);
    expect(after).toEqual(before);
  });

  it("concurrent operations on one account lose no update", async () => {
    const id = co.accounts[4]!.id;
    const amounts = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? -(i + 1) * 100 : (i + 1) * 111));
    await Promise.all(
      amounts.map((a) =>
        conn.db.transaction((tx) =>
          postLedger(
            tx,
            [{ accountId: id, kind: a < 0 ? "charge" : "payment", amount: a, description: "c" }],
            {
              now: new Date(),
            },
          ),
        ),
      ),
    );
    const [r] = await state([id]);
    expect(Number(r!.balance)).toBe(amounts.reduce((s, a) => s + a, 0));
    expect(Number(r!.sum)).toBe(Number(r!.balance));
    // balance_after forms one unbroken chain in commit order.
    const chain = await rows<{ amount: string | number; balance_after: string | number }>(
      conn.db,
      sql`SELECT amount, balance_after FROM ledger_entries WHERE account_id = ${id}::uuid ORDER BY balance_after IS NULL, id`,
    );
    const sorted = [...chain];
    let running = 0;
    const afters = new Set(sorted.map((c) => Number(c.balance_after)));
    for (const c of sorted) running += Number(c.amount);
    expect(afters.has(running)).toBe(true);
    expect(afters.size).toBe(chain.length);
  });
});
