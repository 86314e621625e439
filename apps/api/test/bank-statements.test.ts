import {
  accountsOffLedger,
  balanceOf,
  issueTestInvoice,
  makeCompany,
  restrictUser,
  type TestCompany,
} from "@lk/core/testing";
import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Doc, make1c, makeCamt } from "./bank-files";
import { call, createTestApp, OPERATOR_KEY, operator, signIn, type TestApp } from "./helpers";

// Bank statements made by the test itself, in 1C «Клиент банка» (windows-1251, cp866, UTF-8) and
// camt.053, loaded through the operator API on a real database (issue #15 items 2–4, ADR 0071).

let t: TestApp;
let co: TestCompany;
let other: TestCompany;
let accountant: string;
let seq = 0;
const uniq = () => `${Date.now() % 100000}${++seq}`;

const load = async (file: Buffer, headers: Record<string, string> = operator.headers) => {
  const res = await t.app.request("/v1/operator/bank-statements?file_name=statement.txt", {
    method: "POST",
    headers: { "content-type": "application/octet-stream", "accept-language": "en", ...headers },
    body: new Uint8Array(file),
  });
  return { status: res.status, body: (await res.json()) as any };
};
const invoice = async (id: string, token = accountant) =>
  (await call(t.app, "GET", `/v1/invoices/${id}`, undefined, { token })).body;

beforeAll(async () => {
  t = await createTestApp();
  co = await makeCompany(t.conn, { billingSystem: "credit" });
  other = await makeCompany(t.conn, { billingSystem: "credit", accountsPerGroup: 1 });
  accountant = await signIn(t.app, co.accountant.login, co.accountant.password);
});
afterAll(() => t.close());

describe("1C «Клиент банка» in windows-1251", () => {
  it("an invoice number in the purpose pays that invoice; the payment shows its source document", async () => {
    const acc = co.accounts[0]!;
    const inv = await issueTestInvoice(t.conn.db, {
      companyId: co.id,
      accountId: acc.id,
      total: 1500_00,
      period: "2026-01",
    });
    const n = uniq();
    const res = await load(
      make1c([
        {
          number: n,
          date: "05.12.2026",
          amount: "1500.00",
          purpose: `Оплата по счёту N ${inv.number.replace("-", " - ")} за связь`,
        },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      format: "1c",
      documents_read: 1,
      credited: 1,
      to_queue: 0,
      already_imported: 0,
    });
    expect(await invoice(inv.id)).toMatchObject({ status: "paid", amount_due: 0 });
    const pays = await call(t.app, "GET", "/v1/payments", undefined, { token: accountant });
    expect(pays.body.data[0]).toMatchObject({
      source: "bank",
      method: "bank_transfer",
      status: "succeeded",
      amount: 1500_00,
      description: `Платёжное поручение № ${n} от 05.12.2026`,
    });
    const notes = await call(t.app, "GET", "/v1/notifications", undefined, { token: accountant });
    expect(JSON.stringify(notes.body)).toMatch(/1[\s\u00a0\u202f,]500[.,]00/u);
    // The same statement again credits nothing.
    const again = await load(
      make1c([
        { number: n, date: "05.12.2026", amount: "1500.00", purpose: `Оплата по счёту N ${inv.number}` },
      ]),
    );
    expect(again.body).toMatchObject({ documents_read: 1, credited: 0, already_imported: 1 });
    expect(await accountsOffLedger(t.conn.db)).toBe(0);
  });
});

describe("notices of a big statement", () => {
  it("a user given more than five credits by a statement hears once: one digest notice and one e-mail", async () => {
    const big = await makeCompany(t.conn, { accountsPerGroup: 3 });
    const docs: Doc[] = big.accounts.slice(0, 7).map((a, i) => ({
      number: uniq(),
      date: "07.12.2026",
      amount: `${10 + i}.00`,
      payerInn: big.inn,
      purpose: `Оплата услуг связи по л/с ${a.number}`,
    }));
    expect((await load(make1c(docs))).body).toMatchObject({ credited: 7 });
    const token = await signIn(t.app, big.accountant.login, big.accountant.password);
    const notes = (
      await call(t.app, "GET", "/v1/notifications", undefined, {
        token,
        headers: { "accept-language": "ru" },
      })
    ).body.data as {
      title: string;
      body: string;
    }[];
    // 10 + 11 + … + 16 = 91 rubles, in seven payments.
    expect(notes.map((n) => [n.title, n.body.replace(/\s/g, " ")])).toEqual([
      ["Платежи зачислены", "Зачислено 7 платежей на 91,00 ₽"],
    ]);
    const mails = await rows<{ subject: string; body: string }>(
      t.conn.db,
      sql`SELECT subject, body FROM outbox_messages WHERE user_id = ${big.accountant.id}::uuid AND kind = 'notice_payment_received'`,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body.replace(/\s/g, " ")).toBe(
      "Зачислено 7 платежей на 91,00 ₽  7 payments received, 91.00 ₽ in total",
    );
  });

  it("a user restricted to account groups hears only of their accounts' credits (a subgroup's too)", async () => {
    const big = await makeCompany(t.conn, { accountsPerGroup: 3 });
    // Accounts 0–2 are in «Москва», 3–5 in «Регионы», 6–8 in its subgroup «Казань».
    await restrictUser(t.conn, big.viewer.id, [big.groups[1]!.id]);
    const docs: Doc[] = big.accounts.slice(0, 7).map((a, i) => ({
      number: uniq(),
      date: "07.12.2026",
      amount: `${20 + i}.00`,
      payerInn: big.inn,
      purpose: `Оплата услуг связи по л/с ${a.number}`,
    }));
    expect((await load(make1c(docs))).body).toMatchObject({ credited: 7 });
    const notes = await rows<{ title_ru: string; body_ru: string }>(
      t.conn.db,
      sql`SELECT title_ru, body_ru FROM notifications WHERE user_id = ${big.viewer.id}::uuid ORDER BY body_ru`,
    );
    // Four of the seven (23, 24, 25 and 26 rubles): under the digest's threshold, one notice each.
    expect(notes.map((n) => n.title_ru)).toEqual(Array(4).fill("Платёж зачислен"));
    expect(notes.map((n) => n.body_ru.replace(/\s/g, " ")).sort()).toEqual(
      big.accounts
        .slice(3, 7)
        .map((a, i) => `На лицевой счёт ${a.number} зачислено ${23 + i},00 ₽`)
        .sort(),
    );
    const mails = await rows<{ subject: string }>(
      t.conn.db,
      sql`SELECT subject FROM outbox_messages WHERE user_id = ${big.viewer.id}::uuid AND kind = 'notice_payment_received'`,
    );
    expect(mails).toHaveLength(4);
  });
});

describe("1C in cp866 (DOS)", () => {
  it("several accounts with amounts in one purpose are each credited their part", async () => {
    const [a, b] = [co.accounts[1]!, co.accounts[2]!];
    const [ba, bb] = [await balanceOf(t.conn.db, a.id), await balanceOf(t.conn.db, b.id)];
    const res = await load(
      make1c(
        [
          {
            number: uniq(),
            date: "06.12.2026",
            amount: "1500.00",
            payerInn: co.inn,
            // cp866 has no em dash: DOS files write a hyphen.
            purpose: `Оплата услуг связи: л/с ${a.number} - 1 000,00; л/с ${b.number} - 500,00`,
          },
        ],
        "DOS",
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ credited: 1, amount_credited: 1500_00 });
    expect(await balanceOf(t.conn.db, a.id)).toBe(ba + 1000_00);
    expect(await balanceOf(t.conn.db, b.id)).toBe(bb + 500_00);
  });
});

describe("camt.053 (UTF-8) and 1C in UTF-8", () => {
  it("the payer's INN pays the company's oldest invoices; the rest is unallocated money the accountant distributes", async () => {
    const c = await makeCompany(t.conn, { billingSystem: "credit" });
    const token = await signIn(t.app, c.accountant.login, c.accountant.password);
    const old = await issueTestInvoice(t.conn.db, {
      companyId: c.id,
      accountId: c.accounts[0]!.id,
      total: 700_00,
      period: "2026-01",
      dueOn: "2026-02-20",
    });
    const newer = await issueTestInvoice(t.conn.db, {
      companyId: c.id,
      accountId: c.accounts[1]!.id,
      total: 500_00,
      period: "2026-02",
      dueOn: "2026-03-20",
    });
    const res = await load(
      makeCamt([
        {
          number: uniq(),
          date: "07.12.2026",
          amount: "2000.00",
          payerInn: c.inn,
          purpose: "Оплата за услуги связи",
        },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      format: "camt053",
      credited: 1,
      to_unallocated: 1,
      amount_credited: 1200_00,
      amount_unallocated: 800_00,
    });
    expect(await invoice(old.id, token)).toMatchObject({ status: "paid" });
    expect(await invoice(newer.id, token)).toMatchObject({ status: "paid" });
    const un = await call(t.app, "GET", "/v1/unallocated", undefined, { token });
    expect(un.body).toMatchObject({ balance: 800_00 });
    const key = `dist-${uniq()}`;
    const dist = await call(
      t.app,
      "POST",
      "/v1/unallocated/distributions",
      { targets: [{ account_id: c.accounts[2]!.id, amount: 300_00 }] },
      { token, headers: { "idempotency-key": key } },
    );
    expect(dist.status).toBe(201);
    expect((await call(t.app, "GET", "/v1/unallocated", undefined, { token })).body.balance).toBe(500_00);
    expect(await balanceOf(t.conn.db, c.accounts[2]!.id)).toBe(300_00);
    const tooMuch = await call(
      t.app,
      "POST",
      "/v1/unallocated/distributions",
      { targets: [{ account_id: c.accounts[2]!.id, amount: 600_00 }] },
      { token, headers: { "idempotency-key": `x-${key}` } },
    );
    expect(tooMuch.status).toBe(409);
    // Another company's account is 404.
    const foreign = await call(
      t.app,
      "POST",
      "/v1/unallocated/distributions",
      { targets: [{ account_id: other.accounts[0]!.id, amount: 100_00 }] },
      { token, headers: { "idempotency-key": `y-${key}` } },
    );
    expect(foreign.status).toBe(404);
    // The same payment in a 1C file (UTF-8) — the same bank document — credits nothing again.
    expect(await accountsOffLedger(t.conn.db)).toBe(0);
  });

  it("distributions in parallel with an import for the same company: each answered, never more than is unallocated", async () => {
    // The import locks the accounts it credits, then the company's unallocated balance; a
    // distribution takes them in the same order, so neither waits on the other in a circle.
    const c = await makeCompany(t.conn, { billingSystem: "credit" });
    const token = await signIn(t.app, c.accountant.login, c.accountant.password);
    const a = c.accounts[0]!;
    const first = await load(
      makeCamt([
        { number: uniq(), date: "07.12.2026", amount: "1000.00", payerInn: c.inn, purpose: "За связь" },
      ]),
    );
    expect(first.body).toMatchObject({ to_unallocated: 1 });
    const statement = make1c([
      {
        number: uniq(),
        date: "07.12.2026",
        amount: "100.00",
        payerInn: c.inn,
        purpose: `Оплата по л/с ${a.number}`,
      },
      {
        number: uniq(),
        date: "07.12.2026",
        amount: "200.00",
        payerInn: c.inn,
        purpose: "Оплата услуг связи",
      },
    ]);
    const [imported, ...dists] = await Promise.all([
      load(statement),
      ...Array.from({ length: 14 }, (_, i) =>
        call(
          t.app,
          "POST",
          "/v1/unallocated/distributions",
          { targets: [{ account_id: a.id, amount: 100_00 }] },
          { token, headers: { "idempotency-key": `par-${uniq()}-${i}` } },
        ),
      ),
    ]);
    expect(imported.status).toBe(200);
    const done = dists.filter((d) => d.status === 201).length;
    for (const d of dists.filter((x) => x.status !== 201))
      expect(d.body.code).toBe("insufficient_unallocated");
    expect(done).toBeGreaterThanOrEqual(10);
    expect(done).toBeLessThanOrEqual(12);
    const left = (await call(t.app, "GET", "/v1/unallocated", undefined, { token })).body.balance;
    expect(left).toBe(1200_00 - done * 100_00);
    expect(await balanceOf(t.conn.db, a.id)).toBe(100_00 + done * 100_00);
    expect(await accountsOffLedger(t.conn.db)).toBe(0);
  });

  it("a payer INN that is not one (quotes, commas, braces) is no INN: the import goes on, nothing is a 500", async () => {
    const a = co.accounts[0]!;
    const res = await load(
      make1c([
        {
          number: uniq(),
          date: "07.12.2026",
          amount: "10.00",
          payerInn: '77"07,}{\\',
          purpose: `по л/с ${a.number}`,
        },
        { number: uniq(), date: "07.12.2026", amount: "20.00", payerInn: "12345", purpose: "За связь" },
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ documents_read: 2, credited: 1, to_queue: 1 });
  });

  it("the same document in camt and in 1C is one document", async () => {
    const n = uniq();
    const d: Doc = {
      number: n,
      date: "07.12.2026",
      amount: "100.00",
      purpose: `л/с ${co.accounts[0]!.number}`,
    };
    expect((await load(makeCamt([d]))).body).toMatchObject({ credited: 1 });
    expect((await load(make1c([d], "UTF-8"))).body).toMatchObject({ credited: 0, already_imported: 1 });
  });

  it("two overlapping statements loaded at the same time credit each document once", async () => {
    const acc = co.accounts[4]!;
    const before = await balanceOf(t.conn.db, acc.id);
    const docs: Doc[] = [1, 2, 3].map((k) => ({
      number: uniq(),
      date: "07.12.2026",
      amount: `${k}00.00`,
      purpose: `л/с ${acc.number}`,
    }));
    const [a, b] = await Promise.all([load(make1c(docs.slice(0, 2))), load(makeCamt(docs.slice(1)))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.credited + b.body.credited).toBe(3);
    expect(a.body.already_imported + b.body.already_imported).toBe(1);
    expect(await balanceOf(t.conn.db, acc.id)).toBe(before + 60_000);
    expect(await accountsOffLedger(t.conn.db)).toBe(0);
  });
});

describe("what goes to the operator's queue", () => {
  it("an unknown payer; another company's invoice number with the payer's INN; then assign and return", async () => {
    const foreignInv = await issueTestInvoice(t.conn.db, {
      companyId: other.id,
      accountId: other.accounts[0]!.id,
      total: 900_00,
      period: "2026-03",
    });
    const before = await balanceOf(t.conn.db, other.accounts[0]!.id);
    const res = await load(
      make1c([
        { number: uniq(), date: "05.12.2026", amount: "250.00", payerInn: "500100732259", purpose: "Оплата" },
        {
          number: uniq(),
          date: "05.12.2026",
          amount: "900.00",
          payerInn: co.inn,
          purpose: `Оплата по счёту № ${foreignInv.number}`,
        },
      ]),
    );
    expect(res.body).toMatchObject({ credited: 0, to_queue: 2 });
    // Never credited to the invoice's company.
    expect(await balanceOf(t.conn.db, other.accounts[0]!.id)).toBe(before);
    const q = await call(t.app, "GET", "/v1/operator/bank-statements/queue?limit=100", undefined, operator);
    expect(q.status).toBe(200);
    const mine = q.body.data.filter((d: any) => ["250.00", "900.00"].includes((d.amount / 100).toFixed(2)));
    const foreign = mine.find((d: any) => d.amount === 900_00);
    expect(foreign.queue_reason).toBe("invoice_of_another_company");
    const unknown = mine.find((d: any) => d.amount === 250_00);
    expect(unknown.queue_reason).toBe("no_match");
    const assigned = await call(
      t.app,
      "POST",
      `/v1/operator/bank-statements/queue/${unknown.id}`,
      { action: "assign", account_id: co.accounts[0]!.id },
      operator,
    );
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: "credited" });
    const again = await call(
      t.app,
      "POST",
      `/v1/operator/bank-statements/queue/${unknown.id}`,
      { action: "return" },
      operator,
    );
    expect(again.status).toBe(409);
    const returned = await call(
      t.app,
      "POST",
      `/v1/operator/bank-statements/queue/${foreign.id}`,
      { action: "return", comment: "чужой счёт" },
      operator,
    );
    expect(returned.body).toMatchObject({ status: "returned", payment_id: null });
  });
});

describe("malformed files apply nothing; unreadable documents are listed", () => {
  it("cut short, wrong encoding, broken XML → 400 naming the line; a bad document → listed, the rest apply", async () => {
    const acc = co.accounts[0]!;
    const before = await balanceOf(t.conn.db, acc.id);
    const good = { number: uniq(), date: "05.12.2026", amount: "10.00", purpose: `л/с ${acc.number}` };
    const cut = await load(make1c([good], "Windows", { cut: true }));
    expect(cut.status).toBe(400);
    expect(cut.body.code).toBe("statement_unreadable");
    expect(cut.body.detail).toMatch(/line \d+/);
    expect(cut.body.detail).toContain("КонецФайла");
    const wrongEnc = await load(make1c([good], "DOS", { declared: "Windows" }));
    expect(wrongEnc.status).toBe(400);
    expect(wrongEnc.body.detail).toContain("line 3");
    const xml = makeCamt([good]).toString().replace("</Stmt>", "");
    const broken = await load(Buffer.from(xml));
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toMatch(/line \d+/);
    const header = await load(Buffer.from("hello"));
    expect(header.status).toBe(400);
    expect(await balanceOf(t.conn.db, acc.id)).toBe(before);
    // One bad amount among good ones: listed with its line, the others credited; after the fix
    // only the missing one is applied.
    const bad = { ...good, number: uniq(), amount: "12,3,4" };
    const res = await load(make1c([good, bad]));
    expect(res.status).toBe(200);
    expect(res.body.credited).toBe(1);
    expect(res.body.unreadable).toEqual([{ line: 27, message: expect.stringContaining("Сумма") }]);
    const fixed = await load(make1c([good, { ...bad, amount: "12.34" }]));
    expect(fixed.body).toMatchObject({ credited: 1, already_imported: 1 });
    expect(await balanceOf(t.conn.db, acc.id)).toBe(before + 10_00 + 12_34);
  });
});

describe("security", () => {
  it("no operator key → 401; a customer's token → 401/403; nothing read or applied", async () => {
    const none = await load(make1c([]), {});
    expect(none.status).toBe(401);
    const wrong = await load(make1c([]), { "x-operator-key": `${OPERATOR_KEY}x` });
    expect([401, 403]).toContain(wrong.status);
    const user = await load(make1c([]), { authorization: `Bearer ${accountant}` });
    expect([401, 403]).toContain(user.status);
    expect(
      (await call(t.app, "GET", "/v1/operator/bank-statements/queue", undefined, { token: accountant }))
        .status,
    ).toBeGreaterThanOrEqual(401);
    expect((await call(t.app, "GET", "/v1/unallocated", undefined)).status).toBe(401);
  });
});

describe("property: order, repetition and overlap of statements", () => {
  it("give the same balances as loading every document once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ s: fc.integer({ min: 0, max: 3 }), camt: fc.boolean() }), {
          minLength: 1,
          maxLength: 5,
        }),
        async (loads) => {
          // A company and documents of their own per run.
          const c = await makeCompany(t.conn, { billingSystem: "credit", accountsPerGroup: 1 });
          const docs: Doc[] = Array.from({ length: 6 }, (_, i) => ({
            number: `${uniq()}${i}`,
            date: "04.12.2026",
            amount: `${(i + 1) * 10}.00`,
            purpose: `л/с ${c.accounts[i % c.accounts.length]!.number}`,
          }));
          const expected = new Map<string, number>(c.accounts.map((a) => [a.id, 0]));
          for (const [i, d] of docs.entries()) {
            const id = c.accounts[i % c.accounts.length]!.id;
            expected.set(id, expected.get(id)! + Number.parseInt(d.amount, 10) * 100);
          }
          // Statements over overlapping slices, in any order, any number of times, either format.
          const slices = [docs.slice(0, 3), docs.slice(2, 5), docs.slice(4), docs];
          for (const l of loads) {
            const file = l.camt ? makeCamt(slices[l.s]!) : make1c(slices[l.s]!, "Windows");
            expect((await load(file)).status).toBe(200);
          }
          // Then every document once more: each is credited exactly once, whatever came before.
          await load(make1c(docs, "UTF-8"));
          for (const [id, amount] of expected) expect(await balanceOf(t.conn.db, id)).toBe(amount);
          expect(await accountsOffLedger(t.conn.db, c.id)).toBe(0);
        },
      ),
      { numRuns: 8 },
    );
  });
});
