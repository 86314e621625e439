import { makeCompany, type TestCompany } from "@lk/core/testing";
import { accounts, outboxMessages } from "@lk/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, operator, signIn, type TestApp } from "./helpers";

// A request to switch an account between advance and credit payment (the help article: «по
// заявлению»): an order of kind change_billing, the same states and operator queue as the others;
// done switches the account.

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let buh: string;
let viewer: string;
let otherAdmin: string;

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn);
  other = await makeCompany(t.conn);
  [buh, viewer, otherAdmin] = await Promise.all([
    signIn(t.app, co.accountant.login, co.accountant.password),
    signIn(t.app, co.viewer.login, co.viewer.password),
    signIn(t.app, other.admin.login, other.admin.password),
  ]);
});
afterAll(() => t.close());

const ask = (body: Record<string, unknown>, token = buh) =>
  call(t.app, "POST", "/v1/orders", body, { token });

describe("change_billing orders", () => {
  it("refuses no token, a viewer, another company's account and a missing or same system", async () => {
    const acc = co.accounts[0]!.id;
    expect(
      (await call(t.app, "POST", "/v1/orders", { kind: "change_billing", account_id: acc })).status,
    ).toBe(401);
    expect(
      (await ask({ kind: "change_billing", account_id: acc, billing_system: "credit" }, viewer)).status,
    ).toBe(403);
    expect(
      (await ask({ kind: "change_billing", account_id: acc, billing_system: "credit" }, otherAdmin)).status,
    ).toBe(404);
    const missing = await ask({ kind: "change_billing", account_id: acc });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toMatchObject({ field: "billing_system", code: "required" });
    // The company is on advance payment (the default): asking for advance changes nothing.
    const same = await ask({ kind: "change_billing", account_id: acc, billing_system: "advance" });
    expect(same.status).toBe(400);
    expect(same.body.errors[0]).toMatchObject({ field: "billing_system", code: "same_billing_system" });
    const wrongKind = await ask({
      kind: "suspend",
      account_id: acc,
      service_id: crypto.randomUUID(),
      billing_system: "credit",
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors[0].field).toBe("billing_system");
  });

  it("ten requests sent at once make one open request, the rest order_pending", async () => {
    const acc = co.accounts[2]!.id;
    const rs = await Promise.all(
      Array.from({ length: 10 }, () =>
        ask({ kind: "change_billing", account_id: acc, billing_system: "credit" }),
      ),
    );
    expect(rs.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of rs.filter((x) => x.status !== 201))
      expect([r.status, r.body.code]).toEqual([409, "order_pending"]);
  });

  it("is tracked like an order: new → in_progress → done switches the account, the author is told", async () => {
    const acc = co.accounts[0]!;
    const created = await ask({
      kind: "change_billing",
      account_id: acc.id,
      billing_system: "credit",
      comment: "Просим перевести на кредитную систему с 1-го числа",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: "change_billing", status: "new", billing_system: "credit" });
    // One open request per account.
    const twice = await ask({ kind: "change_billing", account_id: acc.id, billing_system: "credit" });
    expect(twice.status).toBe(409);
    // Visible in the company's «Заявки» and in the operator's queue.
    const mine = await call(t.app, "GET", "/v1/orders?kind=change_billing", undefined, { token: buh });
    expect(mine.body.data.map((o: { id: string }) => o.id)).toContain(created.body.id);
    const queue = await call(
      t.app,
      "GET",
      "/v1/operator/orders?kind=change_billing&status=new",
      undefined,
      operator,
    );
    expect(queue.body.data.map((o: { id: string }) => o.id)).toContain(created.body.id);

    const step = (status: string) =>
      call(t.app, "POST", `/v1/operator/orders/${created.body.id}/transition`, { status }, operator);
    expect((await step("in_progress")).status).toBe(200);
    const done = await step("done");
    expect(done.status).toBe(200);
    expect(done.body.timeline.map((e: { status: string }) => e.status)).toEqual([
      "new",
      "in_progress",
      "done",
    ]);
    const [row] = await t.conn.db.select().from(accounts).where(eq(accounts.id, acc.id));
    expect(row!.billingSystem).toBe("credit");
    const mail = await t.conn.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.recipient, `${co.accountant.login}@example.test`));
    expect(mail.map((m) => m.subject)).toContain("Заявка «смена системы расчётов»: выполнена");
    // Now on credit: asking for credit again is refused, asking back for advance is accepted.
    expect((await ask({ kind: "change_billing", account_id: acc.id, billing_system: "credit" })).status).toBe(
      400,
    );
    expect(
      (await ask({ kind: "change_billing", account_id: acc.id, billing_system: "advance" })).status,
    ).toBe(201);
  });

  it("a rejected request leaves the account as it was", async () => {
    const acc = co.accounts[1]!;
    const created = await ask({ kind: "change_billing", account_id: acc.id, billing_system: "credit" });
    const rejected = await call(
      t.app,
      "POST",
      `/v1/operator/orders/${created.body.id}/transition`,
      { status: "rejected", comment: "Нужен договор с кредитным лимитом" },
      operator,
    );
    expect(rejected.status).toBe(200);
    const [row] = await t.conn.db.select().from(accounts).where(eq(accounts.id, acc.id));
    expect(row!.billingSystem).toBeNull();
  });
});
