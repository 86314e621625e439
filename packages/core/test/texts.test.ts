import { randomUUID } from "node:crypto";
import type { Connection } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "../src/audit/audit";
import { listAuditLog } from "../src/audit/list";
import { reconciliation } from "../src/documents/reconciliation";
import { postLedger } from "../src/ledger/post";
import { makeCompany, type TestCompany } from "../src/testing/fixtures";
import { operatorCtx, userCtx } from "./billing-helpers";

// What people read in the акт сверки and the audit log (ADR 0081).

describe("texts people read", () => {
  let conn: Connection;
  let co: TestCompany;
  const now = () => new Date("2026-12-07T12:00:00Z");
  beforeAll(async () => {
    conn = await createTestDatabase();
    co = await makeCompany(conn, { now: new Date("2025-01-01T00:00:00Z") });
  }, 60_000);
  afterAll(() => conn?.close());

  it("the акт сверки shows a card+bonus payment as its parts and no promised payment as money", async () => {
    const [a, b, c] = co.accounts;
    const at = new Date("2026-12-01T09:00:00Z");
    const paymentId = randomUUID();
    await conn.db.transaction(async (tx) => {
      // One payment over three accounts: 5 000 ₽ by card and 1 000 ₽ in bonuses.
      await postLedger(
        tx,
        [a!, b!, c!].flatMap((acc, i) => [
          {
            accountId: acc.id,
            kind: "payment" as const,
            amount: [2000_00, 2000_00, 1000_00][i]!,
            description: "Оплата картой",
            refType: "payment",
            refId: paymentId,
            effectiveAt: at,
          },
          ...(i === 0
            ? [
                {
                  accountId: acc.id,
                  kind: "bonus" as const,
                  amount: 1000_00,
                  description: "Оплата бонусами",
                  refType: "payment",
                  refId: paymentId,
                  effectiveAt: at,
                },
              ]
            : []),
        ]),
        { now: at },
      );
      // A promised payment and its write-back: the operator's credit, not a settlement.
      const pp = randomUUID();
      await postLedger(
        tx,
        [
          {
            accountId: a!.id,
            kind: "promised_payment",
            amount: 700_00,
            description: "Обещанный платёж",
            refType: "promised_payment",
            refId: pp,
            effectiveAt: new Date("2026-12-02T09:00:00Z"),
          },
        ],
        { now: at },
      );
    });
    const doc = await reconciliation({
      ctx: userCtx(conn, co, now),
      input: { from: "2026-12-01", to: "2026-12-31" },
    });
    expect(doc.lines.map((l) => [l.date, l.document, l.credit])).toEqual([
      ["2026-12-01", "Оплата картой, 3 лицевых счёта", 5000_00],
      ["2026-12-01", `Оплата бонусами, л/с ${a!.number}`, 1000_00],
    ]);
    // On an English screen the lines name the kind, never the ledger's Russian words.
    const en = await reconciliation({
      ctx: { ...userCtx(conn, co, now), lang: "en" },
      input: { from: "2026-12-01", to: "2026-12-31" },
    });
    expect(en.lines.map((l) => l.document)).toEqual([
      "Payment, 3 accounts",
      `Paid with bonuses, account ${a!.number}`,
    ]);
    expect(doc.credit).toBe(6000_00);
    expect(doc.closing).toBe(doc.opening + 6000_00);
    expect([doc.from, doc.to]).toEqual(["2026-12-01", "2026-12-31"]);
  });

  it("the audit log names the actor and the action in the reader's language", async () => {
    const op = operatorCtx(conn, now);
    await audit(conn.db, { ...userCtx(conn, co, now) }, { action: "auth.signed_in" });
    await audit(conn.db, op, { action: "billing.batch", companyId: co.id });
    await audit(conn.db, op, { action: "something.new", companyId: co.id });
    const ru = await listAuditLog({ ctx: userCtx(conn, co, now), input: { limit: 10 } });
    expect(ru.data.map((e) => e.action_label)).toEqual(["Действие", "Выставлены счета", "Вход в кабинет"]);
    expect(ru.data.map((e) => e.actor_label)).toEqual([
      "Оператор связи",
      "Оператор связи",
      expect.stringMatching(/^admin /),
    ]);
    const en = await listAuditLog({ ctx: { ...userCtx(conn, co, now), lang: "en" }, input: { limit: 10 } });
    expect(en.data.map((e) => e.action_label)).toEqual(["Action", "Invoices issued", "Signed in"]);
    expect(en.data[0]!.actor_label).toBe("The operator");
  });
});
