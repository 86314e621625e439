import {
  accountsOffLedger,
  issueTestInvoice,
  makeCompany,
  restrictUser,
  type TestCompany,
} from "@lk/core/testing";
import { ledgerEntries, paymentItems } from "@lk/db";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, operator, signIn } from "./helpers";
import { createPaymentsEnv, type PaymentsEnv, payOnPage } from "./payments-env";

// Paying an invoice (e.g. equipment rent) by its id or its number, from the cabinet and from the
// widgets' public endpoints: the real app and database, the real sandbox acquirer over HTTP.

const BANK = "https://bank.example";
const CARD = "4242424242424242";
let env: PaymentsEnv;
let co: TestCompany;
let other: TestCompany;
let accountant: string;
let pk: string;
let seq = 0;
const key = () => `invoice-pay-${Date.now()}-${++seq}`;

/** An issued invoice of equipment rent, as the billing run writes it (number `YYYY-NNNNNN`). */
const issueInvoice = (company: TestCompany, accountId: string, total: number, dueOn = "2026-11-20") =>
  issueTestInvoice(env.conn.db, {
    companyId: company.id,
    accountId,
    total,
    period: "2026-10",
    dueOn,
    line: { kind: "equipment_rent", description: "Аренда оборудования (роутер)" },
  });

const pay = (items: unknown[], token = accountant, lang: "ru" | "en" = "en") =>
  call(
    env.app,
    "POST",
    "/v1/payments",
    { items, method: "card" },
    {
      token,
      lang,
      headers: { "idempotency-key": key() },
    },
  );
const invoice = (id: string) => call(env.app, "GET", `/v1/invoices/${id}`, undefined, { token: accountant });
const account = async (id: string) =>
  (await call(env.app, "GET", `/v1/accounts/${id}`, undefined, { token: accountant })).body;
const paymentOf = (id: string) =>
  call(env.app, "GET", `/v1/payments/${id}`, undefined, { token: accountant });

/** The payer types the card on the acquirer's page; its signed notification settles the payment. */
async function confirm(confirmationUrl: string) {
  await payOnPage(confirmationUrl, CARD);
  await env.sandbox.app.sandbox.notificationsIdle();
}

const ledgerBroken = () => accountsOffLedger(env.conn.db);

beforeAll(async () => {
  env = await createPaymentsEnv();
  co = await makeCompany(env.conn);
  other = await makeCompany(env.conn);
  accountant = await signIn(env.app, co.accountant.login, co.accountant.password);
  const partner = await call(
    env.app,
    "POST",
    "/v1/operator/partners",
    { name: "Банк", origins: [BANK], commission: { card: { percent_bp: 150, min: 1000 } } },
    operator,
  );
  expect(partner.status).toBe(201);
  pk = partner.body.publishable_key;
});
afterAll(() => env.close());

describe("the cabinet pays an invoice partly by its id, then the rest by its number", () => {
  it("shows amount_due, marks the invoice paid only when covered, credits the invoice's account", async () => {
    const acc = co.accounts[0]!;
    const inv = await issueInvoice(co, acc.id, 1200_00);
    const balanceBefore = (await account(acc.id)).balance_amount;

    const fresh = await invoice(inv.id);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({
      number: inv.number,
      status: "issued",
      total_amount: 1200_00,
      amount_due: 1200_00,
      paid_at: null,
    });
    expect(fresh.body.lines[0]).toMatchObject({ kind: "equipment_rent", total_amount: 1200_00 });

    // Part of it, by id.
    const first = await pay([{ invoice_id: inv.id, amount: 500_00 }]);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: "pending", amount: 500_00, charged_amount: 500_00 });
    expect(first.body.items).toEqual([
      expect.objectContaining({
        account_id: acc.id,
        invoice_id: inv.id,
        invoice_number: inv.number,
        amount: 500_00,
      }),
    ]);
    // Nothing is due less until the acquirer confirms.
    expect((await invoice(inv.id)).body.amount_due).toBe(1200_00);
    await confirm(first.body.confirmation_url);
    expect((await paymentOf(first.body.id)).body.status).toBe("succeeded");

    const partly = (await invoice(inv.id)).body;
    expect(partly).toMatchObject({ status: "issued", amount_due: 700_00, paid_at: null });
    // The list says the same, and finds the invoice by its number.
    const byNumber = await call(env.app, "GET", `/v1/invoices?number=${inv.number}`, undefined, {
      token: accountant,
    });
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.data).toHaveLength(1);
    expect(byNumber.body.data[0]).toMatchObject({ id: inv.id, amount_due: 700_00, status: "issued" });

    // More than is due: refused naming the amount, in the reader's language; nothing created.
    const paymentsBefore = (await call(env.app, "GET", "/v1/payments", undefined, { token: accountant })).body
      .data.length;
    const over = await pay([{ invoice_number: inv.number, amount: 700_01 }]);
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([
      expect.objectContaining({ field: "items.0.amount", code: "exceeds_amount_due" }),
    ]);
    expect(over.body.errors[0].message).toContain("700");
    const overRu = await pay([{ invoice_number: inv.number, amount: 700_01 }], accountant, "ru");
    expect(overRu.body.errors[0].message).toMatch(/Больше суммы к оплате/);
    expect(
      (await call(env.app, "GET", "/v1/payments", undefined, { token: accountant })).body.data.length,
    ).toBe(paymentsBefore);

    // The rest, by number, without an amount: the server prices it at the amount due.
    const rest = await pay([{ invoice_number: inv.number }]);
    expect(rest.status).toBe(201);
    expect(rest.body).toMatchObject({ amount: 700_00, charged_amount: 700_00 });
    expect(rest.body.items[0]).toMatchObject({ invoice_id: inv.id, invoice_number: inv.number });
    await confirm(rest.body.confirmation_url);
    expect((await paymentOf(rest.body.id)).body.status).toBe("succeeded");

    const paid = (await invoice(inv.id)).body;
    expect(paid).toMatchObject({ status: "paid", amount_due: 0, total_amount: 1200_00 });
    expect(paid.paid_at).not.toBeNull();

    // The ledger credited the invoice's account with both parts, naming the invoice (said in
    // English to this English caller: «Оплата картой по счёту …» is stored).
    const after = await account(acc.id);
    expect(after.balance_amount - balanceBefore).toBe(1200_00);
    const credits = after.recent_ledger.filter((l: { description: string }) =>
      l.description.includes(`invoice ${inv.number}`),
    );
    expect(credits.map((l: { kind: string; amount: number }) => [l.kind, l.amount]).sort()).toEqual([
      ["payment", 500_00],
      ["payment", 700_00],
    ]);
    expect(await ledgerBroken()).toBe(0);

    // A paid invoice takes no more, by number or by id.
    const again = await pay([{ invoice_number: inv.number, amount: 100_00 }]);
    expect(again.status).toBe(400);
    expect(again.body.errors[0]).toMatchObject({ field: "items.0.invoice_number", code: "invoice_paid" });
    expect((await pay([{ invoice_id: inv.id }])).body.errors[0]).toMatchObject({
      field: "items.0.invoice_id",
      code: "invoice_paid",
    });
  });

  it("an item names exactly one of account_id, invoice_id, invoice_number; one invoice once", async () => {
    const inv = await issueInvoice(co, co.accounts[1]!.id, 300_00);
    const both = await pay([{ invoice_id: inv.id, invoice_number: inv.number }]);
    expect(both.status).toBe(400);
    expect(both.body.errors[0]).toMatchObject({ field: "items.0", code: "account_or_invoice" });
    expect(both.body.errors[0].message).toBe("Give exactly one of account_id, invoice_id or invoice_number");
    const bothRu = await pay(
      [{ account_id: co.accounts[1]!.id, invoice_number: inv.number }],
      accountant,
      "ru",
    );
    expect(bothRu.body.errors[0].message).toMatch(/ровно одно из полей/);
    const none = await pay([{ amount: 100_00 }]);
    expect(none.body.errors[0]).toMatchObject({ field: "items.0", code: "account_or_invoice" });
    const empty = await pay([{ invoice_number: "  " }]);
    expect(empty.status).toBe(400);
    // The same invoice by id and by number is one item given twice.
    const twice = await pay([
      { invoice_id: inv.id, amount: 100_00 },
      { invoice_number: inv.number, amount: 100_00 },
    ]);
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0]).toMatchObject({ field: "items.1", code: "duplicate_item" });
    expect((await invoice(inv.id)).body.amount_due).toBe(300_00);
  });
});

describe("another company's invoice number", () => {
  it("is not found, exactly like a number that does not exist, and nothing is created", async () => {
    const theirs = await issueInvoice(other, other.accounts[0]!.id, 450_00);
    const countItems = async () =>
      (await env.conn.db.select().from(paymentItems).where(eq(paymentItems.invoiceId, theirs.id))).length;

    const foreign = await pay([{ invoice_number: theirs.number, amount: 100_00 }]);
    const unknown = await pay([{ invoice_number: "2026-999999", amount: 100_00 }]);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({
      code: "invoice_not_found",
      errors: [
        {
          field: "items.0.invoice_number",
          code: "invoice_not_found",
          message: "No invoice with this number",
        },
      ],
    });
    const { requestId: _a, ...f } = foreign.body;
    const { requestId: _b, ...u } = unknown.body;
    expect(f).toEqual(u);
    expect(JSON.stringify(foreign.body)).not.toContain(other.accounts[0]!.number);
    // Among other items too (the second one is named).
    const mixed = await pay([
      { account_id: co.accounts[2]!.id, amount: 100_00 },
      { invoice_number: theirs.number },
    ]);
    expect(mixed.status).toBe(404);
    expect(mixed.body.errors[0].field).toBe("items.1.invoice_number");
    // Nor does the cabinet's list find it by number.
    const listed = await call(env.app, "GET", `/v1/invoices?number=${theirs.number}`, undefined, {
      token: accountant,
    });
    expect(listed.body.data).toEqual([]);

    expect(await countItems()).toBe(0);
    const theirInvoice = (
      await call(env.app, "GET", `/v1/invoices/${theirs.id}`, undefined, {
        token: await signIn(env.app, other.accountant.login, other.accountant.password),
      })
    ).body;
    expect(theirInvoice).toMatchObject({ status: "issued", amount_due: 450_00 });
  });

  it("an invoice of an account outside the user's groups is not found either", async () => {
    const inv = await issueInvoice(co, co.accounts[4]!.id, 200_00);
    const limited = await makeCompany(env.conn);
    const token = await signIn(env.app, limited.accountant.login, limited.accountant.password);
    const own = await issueInvoice(limited, limited.accounts[0]!.id, 200_00);
    await restrictUser(env.conn, limited.accountant.id, [limited.groups[1]!.id]);
    // The company's own invoice, on an account in a group this user does not see.
    const hidden = await pay([{ invoice_number: own.number }], token);
    expect(hidden.status).toBe(404);
    expect(hidden.body.errors[0].field).toBe("items.0.invoice_number");
    const foreign = await pay([{ invoice_number: inv.number }], token);
    expect(foreign.status).toBe(404);
  });
});

describe("the widgets' public endpoint pays an invoice by its number", () => {
  let ip = 0;
  const widget = (extra: Record<string, string> = {}) => ({
    headers: { "x-lk-key": pk, origin: BANK, "x-real-ip": `203.0.113.${++ip}`, ...extra },
  });

  it("after a partial payment in the cabinet it pays the rest; the invoice is paid", async () => {
    const acc = co.accounts[3]!;
    const inv = await issueInvoice(co, acc.id, 900_00);
    const balanceBefore = (await account(acc.id)).balance_amount;

    const part = await pay([{ invoice_number: inv.number, amount: 250_00 }]);
    expect(part.status).toBe(201);
    await confirm(part.body.confirmation_url);

    const lookup = await call(env.app, "GET", `/v1/public/invoices/${inv.number}`, undefined, widget());
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({
      number: inv.number,
      account_number: acc.number,
      status: "partially_paid",
      amount_due: 650_00,
    });

    const created = await call(
      env.app,
      "POST",
      "/v1/public/payments",
      { invoice_number: inv.number, method: "card", receipt_email: "payer@example.ru" },
      widget({ "idempotency-key": key() }),
    );
    expect(created.status).toBe(201);
    // The amount due, with the partner's commission on top (1.5 %, here its 10 ₽ minimum).
    expect(created.body).toMatchObject({
      amount: 650_00,
      commission_amount: 10_00,
      total_amount: 650_00 + 10_00,
    });
    await confirm(created.body.confirmation_url);
    const status = await call(env.app, "GET", `/v1/public/payments/${created.body.id}`, undefined, widget());
    expect(status.body).toMatchObject({
      status: "succeeded",
      receipt_number: expect.stringMatching(/^\d{6}$/),
    });

    const after = await call(env.app, "GET", `/v1/public/invoices/${inv.number}`, undefined, widget());
    expect(after.body).toMatchObject({ status: "paid", amount_due: 0 });
    const cabinet = (await invoice(inv.id)).body;
    expect(cabinet).toMatchObject({ status: "paid", amount_due: 0 });
    expect(cabinet.paid_at).not.toBeNull();
    // The account got what was due (the commission is the partner's, not the account's).
    expect((await account(acc.id)).balance_amount - balanceBefore).toBe(900_00);
    expect(await ledgerBroken()).toBe(0);

    // A paid invoice is not paid twice through the widget either.
    const twice = await call(
      env.app,
      "POST",
      "/v1/public/payments",
      { invoice_number: inv.number, method: "card" },
      widget({ "idempotency-key": key() }),
    );
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].code).toBe("invoice_paid");
  });
});

describe("a refund of a payment that paid an invoice", () => {
  // A company of its own, so that its accounts' ledgers hold only what these tests move.
  let rc: TestCompany;
  let payer: string;
  let admin: string;
  const day = (offset: number) =>
    new Date(env.clock().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const get = (id: string) => call(env.app, "GET", `/v1/invoices/${id}`, undefined, { token: payer });
  const paidInFull = async (items: unknown[]) => {
    const p = await pay(items, payer);
    expect(p.status).toBe(201);
    await confirm(p.body.confirmation_url);
    expect(
      (await call(env.app, "GET", `/v1/payments/${p.body.id}`, undefined, { token: payer })).body.status,
    ).toBe("succeeded");
    return p.body as { id: string; amount: number };
  };
  const refund = (paymentId: string, amount: number) =>
    call(
      env.app,
      "POST",
      `/v1/payments/${paymentId}/refunds`,
      { amount },
      { token: admin, headers: { "idempotency-key": key() } },
    );
  const refundsOf = async (accountId: string) =>
    (
      await env.conn.db
        .select({ amount: ledgerEntries.amount, refType: ledgerEntries.refType })
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.accountId, accountId), eq(ledgerEntries.kind, "refund")))
        .orderBy(asc(ledgerEntries.id))
    ).map((e) => [e.refType, Number(e.amount)]);
  const balanceOf = async (id: string) =>
    (await call(env.app, "GET", `/v1/accounts/${id}`, undefined, { token: payer })).body
      .balance_amount as number;

  beforeAll(async () => {
    rc = await makeCompany(env.conn);
    payer = await signIn(env.app, rc.accountant.login, rc.accountant.password);
    admin = await signIn(env.app, rc.admin.login, rc.admin.password);
  });

  it("a part refunded: the invoice is issued again with that amount due, and takes the rest again", async () => {
    const acc = rc.accounts[0]!;
    const inv = await issueInvoice(rc, acc.id, 1000_00, day(10));
    const before = await balanceOf(acc.id);
    const p = await paidInFull([{ invoice_id: inv.id }]);
    expect(p.amount).toBe(1000_00);
    expect((await get(inv.id)).body).toMatchObject({ status: "paid", amount_due: 0 });

    const r = await refund(p.id, 250_50);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "succeeded", refunded_amount: 250_50 });

    // Unpaid again, owing what came back; the list and the widgets' lookup say the same.
    const reopened = (await get(inv.id)).body;
    expect(reopened).toMatchObject({ status: "issued", amount_due: 250_50, paid_at: null });
    const listed = await call(env.app, "GET", `/v1/invoices?number=${inv.number}`, undefined, {
      token: payer,
    });
    expect(listed.body.data[0]).toMatchObject({ status: "issued", amount_due: 250_50 });
    const unpaid = await call(env.app, "GET", "/v1/invoices?status=issued", undefined, { token: payer });
    expect(unpaid.body.data.map((x: { id: string }) => x.id)).toContain(inv.id);
    expect(
      (
        await call(env.app, "GET", `/v1/public/invoices/${inv.number}`, undefined, {
          headers: { "x-lk-key": pk, origin: BANK, "x-real-ip": "198.51.100.7" },
        })
      ).body,
    ).toMatchObject({ status: "partially_paid", amount_due: 250_50 });

    // The ledger took the refund back from the invoice's account, once.
    expect(await refundsOf(acc.id)).toEqual([["payment_refund", -250_50]]);
    expect((await balanceOf(acc.id)) - before).toBe(1000_00 - 250_50);
    expect(await ledgerBroken()).toBe(0);

    // It can be paid again, up to what is due.
    const over = await pay([{ invoice_id: inv.id, amount: 250_51 }], payer);
    expect(over.status).toBe(400);
    expect(over.body.errors[0].code).toBe("exceeds_amount_due");
    const again = await paidInFull([{ invoice_number: inv.number }]);
    expect(again.amount).toBe(250_50);
    const repaid = (await get(inv.id)).body;
    expect(repaid).toMatchObject({ status: "paid", amount_due: 0 });
    expect(repaid.paid_at).not.toBeNull();
    expect((await balanceOf(acc.id)) - before).toBe(1000_00);

    // The second payment refunded in full (`refunded`): unpaid again by that much.
    const all = await refund(again.id, 250_50);
    expect(all.body).toMatchObject({ status: "refunded", refunded_amount: 250_50 });
    expect((await get(inv.id)).body).toMatchObject({ status: "issued", amount_due: 250_50 });
    expect(await refundsOf(acc.id)).toEqual([
      ["payment_refund", -250_50],
      ["payment_refund", -250_50],
    ]);
    expect((await balanceOf(acc.id)) - before).toBe(1000_00 - 250_50);
    expect(await ledgerBroken()).toBe(0);
  });

  it("refunds of a payment over two invoices reopen each as far as its part was refunded; past due is overdue", async () => {
    const [a, b] = [rc.accounts[1]!, rc.accounts[2]!];
    const late = await issueInvoice(rc, a.id, 300_00, day(-5));
    const current = await issueInvoice(rc, b.id, 200_00, day(10));
    const p = await paidInFull([{ invoice_id: late.id }, { invoice_id: current.id }]);
    expect(p.amount).toBe(500_00);
    expect((await get(late.id)).body.status).toBe("paid");
    expect((await get(current.id)).body.status).toBe("paid");

    // A refund takes the first item's part first: only the first invoice falls short.
    await refund(p.id, 100_00);
    expect((await get(late.id)).body).toMatchObject({ status: "overdue", amount_due: 100_00, paid_at: null });
    expect((await get(current.id)).body).toMatchObject({ status: "paid", amount_due: 0 });
    // Then the rest of the first part and some of the second.
    await refund(p.id, 250_00);
    expect((await get(late.id)).body).toMatchObject({ status: "overdue", amount_due: 300_00 });
    expect((await get(current.id)).body).toMatchObject({ status: "issued", amount_due: 50_00 });
    expect(await refundsOf(a.id)).toEqual([
      ["payment_refund", -100_00],
      ["payment_refund", -200_00],
    ]);
    expect(await refundsOf(b.id)).toEqual([["payment_refund", -50_00]]);
    expect(await ledgerBroken()).toBe(0);

    await paidInFull([{ invoice_id: late.id }, { invoice_id: current.id }]);
    expect((await get(late.id)).body).toMatchObject({ status: "paid", amount_due: 0 });
    expect((await get(current.id)).body).toMatchObject({ status: "paid", amount_due: 0 });
  });

  it("an overpaid invoice stays paid while what is left still covers it", async () => {
    const acc = rc.accounts[3]!;
    const inv = await issueInvoice(rc, acc.id, 400_00, day(10));
    // Two payments of the whole amount, both created before either succeeded.
    const first = await pay([{ invoice_id: inv.id }], payer);
    const second = await pay([{ invoice_id: inv.id }], payer);
    expect([first.status, second.status]).toEqual([201, 201]);
    await confirm(first.body.confirmation_url);
    await confirm(second.body.confirmation_url);
    expect((await get(inv.id)).body).toMatchObject({ status: "paid", amount_due: 0 });

    await refund(second.body.id, 150_00);
    expect((await get(inv.id)).body).toMatchObject({ status: "paid", amount_due: 0 });
    // Refunded past the surplus, it owes the shortfall.
    await refund(second.body.id, 250_00);
    await refund(first.body.id, 100_00);
    expect((await get(inv.id)).body).toMatchObject({ status: "issued", amount_due: 100_00 });
    expect(await ledgerBroken()).toBe(0);
  });
});
