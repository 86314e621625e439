import { randomUUID } from "node:crypto";
import {
  accountsOffLedger,
  balanceOf,
  grantTestBonus,
  makeCompany,
  type TestCompany,
} from "@lk/core/testing";
import { ledgerEntries, outboxMessages, receipts } from "@lk/db";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signIn, testClock } from "./helpers";
import {
  createPayment,
  createPaymentsEnv,
  drainReceipts,
  type PaymentsEnv,
  paidByCard,
  payOnPage,
} from "./payments-env";

// Payment paths the main payment tests leave out: the SMS receipt, a refund up to the whole card
// part (status `refunded`), the history's `from`/`to` filters, and the receipt of a card + bonus
// payment that succeeded on the hosted page. Real sandbox acquirer, real database, a test clock.

let env: PaymentsEnv;
let co: TestCompany;

const token = (u: "accountant" | "admin" | "viewer" = "accountant") =>
  signIn(env.app, co[u].login, co[u].password);
const get = async (path: string, u: "accountant" | "admin" | "viewer" = "viewer") =>
  call(env.app, "GET", path, undefined, { token: await token(u) });
const create = async (body: Record<string, unknown>, c: TestCompany = co) =>
  createPayment(env, await signIn(env.app, c.accountant.login, c.accountant.password), body);
/** Creates a card payment and pays it on the sandbox's page with the test card that succeeds. */
async function paid(body: Record<string, unknown>, c: TestCompany = co) {
  const res = await paidByCard(env, await signIn(env.app, c.accountant.login, c.accountant.password), body);
  const got = await call(env.app, "GET", `/v1/payments/${res.id}`, undefined, {
    token: await signIn(env.app, c.viewer.login, c.viewer.password),
  });
  expect(got.body.status).toBe("succeeded");
  return got.body;
}
const balance = (id: string) => balanceOf(env.conn.db, id);
const ledgerBroken = () => accountsOffLedger(env.conn.db);

beforeAll(async () => {
  env = await createPaymentsEnv({ clock: testClock(new Date("2026-04-01T09:00:00Z")) });
  co = await makeCompany(env.conn);
});
afterAll(() => env.close());

describe("receipts", () => {
  it("a receipt by SMS goes to receipt_phone through the outbox, once", async () => {
    const a = co.accounts[0]!;
    const p = await paid({
      items: [{ account_id: a.id, amount: 1250_50 }],
      receipt_phone: "8 (916) 123-45-67",
    });
    expect(p.receipt_phone).toBe("+79161234567");
    const sms = await env.conn.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.channel, "sms"), eq(outboxMessages.kind, "payment_receipt")));
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ recipient: "+79161234567", companyId: co.id, status: "pending" });
    // The amount as the receipt writes it (roubles, comma, two decimals).
    // Written as on the receipt: digits grouped by a no-break space, decimal comma.
    // …and the fiscal receipt's human number (never the payment's id).
    const [fiscal] = await env.conn.db.select().from(receipts).where(eq(receipts.paymentId, p.id));
    expect(sms[0]!.body).toBe(
      `Платёж 1\u00a0250,50 ₽ зачислен. Чек № ${String(fiscal!.number).padStart(6, "0")}`,
    );
    // No e-mail receipt was asked for.
    const mails = await env.conn.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.channel, "email"), eq(outboxMessages.kind, "payment_receipt")));
    expect(mails).toEqual([]);
  });

  it("a card + bonus payment that succeeded on the page: its receipt (and the e-mailed one) shows the split", async () => {
    await grantTestBonus(env.conn.db, co.id, 300_00, env.clock());
    const [a, b] = [co.accounts[1]!, co.accounts[2]!];
    const before = { a: await balance(a.id), b: await balance(b.id) };
    const res = await create({
      items: [
        { account_id: a.id, amount: 600_00 },
        { account_id: b.id, amount: 200_00 },
      ],
      method: "card",
      use_bonus: 200_00,
      receipt_email: "Buh@Example.test",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "pending", bonus_amount: 200_00, charged_amount: 600_00 });
    await payOnPage(res.body.confirmation_url, "4242424242424242");
    await env.sandbox.app.sandbox.notificationsIdle();
    const p = (await get(`/v1/payments/${res.body.id}`)).body;
    expect(p).toMatchObject({ status: "succeeded", card_mask: "•• 4242", bonus_amount: 200_00 });
    const itemBonus = p.items.map((i: { bonus_amount: number }) => i.bonus_amount);
    expect(itemBonus[0] + itemBonus[1]).toBe(200_00);
    // Bonuses cover the items in order (pricing.allocate): all of it on the first here.
    expect(itemBonus).toEqual([200_00, 0]);
    // Each account is credited its whole item: the card part and the bonus part, as two lines.
    expect((await balance(a.id)) - before.a).toBe(600_00);
    expect((await balance(b.id)) - before.b).toBe(200_00);
    const lines = await env.conn.db
      .select({ account: ledgerEntries.accountId, kind: ledgerEntries.kind, amount: ledgerEntries.amount })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.refId, p.id))
      .orderBy(asc(ledgerEntries.id));
    expect(lines).toEqual(
      expect.arrayContaining([
        { account: a.id, kind: "bonus", amount: 200_00 },
        { account: a.id, kind: "payment", amount: 400_00 },
        { account: b.id, kind: "payment", amount: 200_00 },
      ]),
    );
    expect(lines).toHaveLength(3);

    const receipt = await get(`/v1/payments/${p.id}/receipt`);
    expect(receipt.status).toBe(200);
    const text = receipt.body as string;
    expect(text).toContain("Статус / Status: Оплачен / Paid");
    expect(text).toContain(
      `Лицевой счёт / Account ${a.number}: 600,00 ₽ (бонусами / with bonuses 200,00 ₽)\n`,
    );
    expect(text).toContain(`Лицевой счёт / Account ${b.number}: 200,00 ₽\n`);
    expect(text).toContain("Итого зачислено / Credited: 800,00 ₽");
    expect(text).toContain("оплачено бонусами / paid with bonuses: 200,00 ₽");
    expect(text).toContain("оплачено картой / paid by card: 600,00 ₽ (•• 4242)");
    expect(text).toContain("Списано с карты / Charged to the card: 600,00 ₽");
    // The e-mailed receipt is the fiscal one, sent once the cash register has registered it
    // (docs/receipts.md); the downloadable receipt then carries it too.
    const mailed = () =>
      env.conn.db
        .select()
        .from(outboxMessages)
        .where(
          and(eq(outboxMessages.recipient, "buh@example.test"), eq(outboxMessages.kind, "payment_receipt")),
        );
    expect(await mailed()).toHaveLength(0);
    await drainReceipts(env);
    const mail = await mailed();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body).toContain("Встречным предоставлением (бонусы) / Consideration (bonuses): 200,00 ₽");
    const after = (await get(`/v1/payments/${p.id}/receipt`)).body as string;
    expect(after).toContain(mail[0]!.body.trimEnd());
  });
});

describe("a copy of the receipt: POST /v1/payments/{id}/receipt/send", () => {
  it("sends the receipt to an e-mail and a phone, with the fiscal PDF once registered; audited", async () => {
    const a = co.accounts[4]!;
    const p = await paid({ items: [{ account_id: a.id, amount: 430_10 }] });
    await drainReceipts(env);
    const sent = await call(
      env.app,
      "POST",
      `/v1/payments/${p.id}/receipt/send`,
      { email: "Kassa@Example.test", phone: "8 903 111-22-33" },
      { token: await token() },
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toEqual({ email: "kassa@example.test", phone: "+79031112233" });
    const [sell] = await env.conn.db.select().from(receipts).where(eq(receipts.paymentId, p.id));
    const out = await env.conn.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.kind, "payment_receipt"))
      .orderBy(asc(outboxMessages.createdAt));
    const mail = out.find((m) => m.recipient === "kassa@example.test")!;
    expect(mail.subject).toMatch(/^Кассовый чек № \d+/);
    expect(mail.body).toContain("430,10 ₽");
    expect(mail.attachment).toEqual({ kind: "receipt_pdf", receipt_id: sell!.id });
    const sms = out.find((m) => m.recipient === "+79031112233")!;
    expect(sms.body).toMatch(/^Платёж 430,10 ₽ зачислен\. Чек № \d+$/);
    const log = await get(`/v1/audit-log?action=payment.receipt_sent`, "admin");
    expect(log.body.data[0]).toMatchObject({ action: "payment.receipt_sent" });
  });

  it("refuses: neither field (400 naming email), a bad phone, an unpaid payment (409), a viewer (403), another company's (404)", async () => {
    const a = co.accounts[5]!;
    const p = await paid({ items: [{ account_id: a.id, amount: 100_00 }] });
    const send = async (id: string, body: unknown, u: "accountant" | "viewer" = "accountant") =>
      call(env.app, "POST", `/v1/payments/${id}/receipt/send`, body, { token: await token(u) });
    const none = await send(p.id, {});
    expect(none.status).toBe(400);
    expect(none.body.errors[0]).toMatchObject({ field: "email" });
    const badPhone = await send(p.id, { phone: "12345" });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.errors[0]).toMatchObject({ field: "phone" });
    expect((await send(p.id, { email: "a@b.test" }, "viewer")).status).toBe(403);
    const open = await create({ items: [{ account_id: a.id, amount: 100_00 }], method: "card" });
    const unpaid = await send(open.body.id, { email: "a@b.test" });
    expect(unpaid.status).toBe(409);
    expect(unpaid.body.code).toBe("receipt_not_available");
    const other = await makeCompany(env.conn);
    const theirs = await call(
      env.app,
      "POST",
      `/v1/payments/${p.id}/receipt/send`,
      { email: "a@b.test" },
      {
        token: await signIn(env.app, other.accountant.login, other.accountant.password),
      },
    );
    expect(theirs.status).toBe(404);
  });
});

describe("refunds", () => {
  it("refunds up to the whole card part reach `refunded`; the ledger gives the money back once", async () => {
    const a = co.accounts[3]!;
    const before = await balance(a.id);
    const p = await paid({ items: [{ account_id: a.id, amount: 400_00 }] });
    expect((await balance(a.id)) - before).toBe(400_00);
    const admin = await token("admin");
    const refund = (amount: number, key: string) =>
      call(
        env.app,
        "POST",
        `/v1/payments/${p.id}/refunds`,
        { amount },
        { token: admin, headers: { "idempotency-key": key } },
      );

    const part = await refund(150_00, `rf-${randomUUID()}`);
    expect(part.status).toBe(200);
    expect(part.body).toMatchObject({ status: "succeeded", refunded_amount: 150_00 });
    const restKey = `rf-${randomUUID()}`;
    const rest = await refund(250_00, restKey);
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ status: "refunded", refunded_amount: 400_00 });
    // A replay of the last refund moves nothing and answers the same.
    const replay = await refund(250_00, restKey);
    expect(replay.body).toMatchObject({ status: "refunded", refunded_amount: 400_00 });
    // Nothing is left to refund, and the answer says so.
    const more = await refund(1_00, `rf-${randomUUID()}`);
    expect(more.status).toBe(409);
    expect(more.body.code).toBe("refund_exceeds_remaining");
    expect(more.body.detail).toContain("0.00 ₽");

    expect(await balance(a.id)).toBe(before);
    const refunds = await env.conn.db
      .select({ kind: ledgerEntries.kind, amount: ledgerEntries.amount, refType: ledgerEntries.refType })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, a.id), eq(ledgerEntries.kind, "refund")))
      .orderBy(asc(ledgerEntries.id));
    expect(refunds).toEqual([
      { kind: "refund", amount: -150_00, refType: "payment_refund" },
      { kind: "refund", amount: -250_00, refType: "payment_refund" },
    ]);
    expect(await ledgerBroken()).toBe(0);

    // A refunded payment is in the history under its status, and its receipt says what came back.
    const list = await get(`/v1/payments?status=refunded&account_id=${a.id}`);
    expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
    const receipt = await get(`/v1/payments/${p.id}/receipt`);
    expect(receipt.status).toBe(200);
    expect(receipt.body).toContain("Статус / Status: Возвращён / Refunded");
    expect(receipt.body).toContain("Возвращено / Refunded: 400,00 ₽");
  });
});

describe("history: from / to", () => {
  it("filters by creation time, from inclusive and to exclusive, with the other filters and pages", async () => {
    const hist = await makeCompany(env.conn, { accountsPerGroup: 1 });
    const a = hist.accounts[0]!;
    const made: Record<string, string> = {};
    for (const at of [
      "2026-04-10T08:00:00Z",
      "2026-04-11T00:00:00Z",
      "2026-04-11T12:30:00Z",
      "2026-04-12T00:00:00Z",
    ]) {
      env.clock.set(new Date(at));
      const res = await create({ items: [{ account_id: a.id, amount: 100_00 }], method: "card" }, hist);
      expect(res.status).toBe(201);
      made[at] = res.body.id;
    }
    const viewer = await signIn(env.app, hist.viewer.login, hist.viewer.password);
    const ids = async (query: string) => {
      const res = await call(env.app, "GET", `/v1/payments?${query}`, undefined, { token: viewer });
      expect(res.status, query).toBe(200);
      return res.body.data.map((p: { id: string }) => p.id) as string[];
    };
    const enc = encodeURIComponent;
    expect(await ids("from=2026-04-11T00:00:00Z&to=2026-04-12T00:00:00Z")).toEqual([
      made["2026-04-11T12:30:00Z"],
      made["2026-04-11T00:00:00Z"],
    ]);
    expect(await ids("from=2026-04-11T00:00:00.001Z")).toEqual([
      made["2026-04-12T00:00:00Z"],
      made["2026-04-11T12:30:00Z"],
    ]);
    expect(await ids("to=2026-04-11T00:00:00Z")).toEqual([made["2026-04-10T08:00:00Z"]]);
    // An offset is a moment like any other: 03:00+03:00 is midnight UTC.
    expect(
      await ids(`from=${enc("2026-04-11T03:00:00+03:00")}&to=${enc("2026-04-11T15:30:00+03:00")}`),
    ).toEqual([made["2026-04-11T00:00:00Z"]]);
    expect(await ids("from=2026-04-13T00:00:00Z")).toEqual([]);
    expect(await ids("from=2026-04-12T00:00:00Z&to=2026-04-11T00:00:00Z")).toEqual([]);
    expect(
      await ids(`from=2026-04-10T00:00:00Z&to=2026-04-12T00:00:00Z&status=pending&account_id=${a.id}`),
    ).toEqual([made["2026-04-11T12:30:00Z"], made["2026-04-11T00:00:00Z"], made["2026-04-10T08:00:00Z"]]);

    // Paging inside the window keeps the window.
    const first = await call(
      env.app,
      "GET",
      "/v1/payments?from=2026-04-10T00:00:00Z&to=2026-04-12T00:00:00Z&limit=2",
      undefined,
      { token: viewer },
    );
    expect(first.body.data.map((p: { id: string }) => p.id)).toEqual([
      made["2026-04-11T12:30:00Z"],
      made["2026-04-11T00:00:00Z"],
    ]);
    const second = await call(
      env.app,
      "GET",
      `/v1/payments?from=2026-04-10T00:00:00Z&to=2026-04-12T00:00:00Z&limit=2&cursor=${enc(first.body.next_cursor)}`,
      undefined,
      { token: viewer },
    );
    expect(second.body.data.map((p: { id: string }) => p.id)).toEqual([made["2026-04-10T08:00:00Z"]]);
    expect(second.body.next_cursor).toBeNull();

    // Another company's window is empty of these payments; a malformed bound is 400 naming it.
    const theirs = await call(env.app, "GET", "/v1/payments?from=2026-04-10T00:00:00Z", undefined, {
      token: await token("viewer"),
    });
    expect(theirs.body.data.some((p: { id: string }) => Object.values(made).includes(p.id))).toBe(false);
    for (const [q, field] of [
      ["from=yesterday", "query.from"],
      ["to=2026-04-11", "query.to"],
    ]) {
      const bad = await call(env.app, "GET", `/v1/payments?${q}`, undefined, { token: viewer });
      expect(bad.status, q).toBe(400);
      expect(bad.body.errors[0].field, q).toBe(field);
    }
  });
});
