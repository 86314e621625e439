import { makeCompany, makeService, makeTariff, restrictUser, type TestCompany } from "@lk/core/testing";
import { invoices, notifications, outboxMessages, rows, webhookDeliveries } from "@lk/db";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRuSql, pluralSql, rubEnSql, rubRuSql } from "../../../packages/core/src/billing/rub-sql";
import { plural } from "../../../packages/core/src/documents/pdf/words";
import { call, createTestApp, operator, signIn, type TestApp, testClock } from "./helpers";

// The billing run tells a user of each invoice while a batch gives them at most five; above that,
// one `invoice_issued` digest (count, total, earliest due date). Document recipients get the same
// digest of documents and of negative balances (ADR 0067); webhook endpoints still hear of each invoice.

const NBSP = "\u00a0";
let t: TestApp;
let big: TestCompany; // 9 billed accounts: admin 9 (digest), accountant 2 (Москва), viewer 7 (Регионы)
let small: TestCompany; // 2 billed accounts: per-invoice notices
let endpointId: string;

async function runBilling(period: string) {
  const res = await call(t.app, "POST", "/v1/operator/billing/runs", { period }, operator);
  expect(res.status).toBe(202);
  for (let i = 0; i < 200; i++) {
    const r = await call(t.app, "GET", `/v1/operator/billing/runs/${res.body.id}`, undefined, operator);
    if (r.body.status !== "running") return r.body as { status: string; invoices_created: number };
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error("billing run did not finish");
}

beforeAll(async () => {
  t = await createTestApp({ clock: testClock(new Date("2026-11-02T08:00:00Z")) });
  big = await makeCompany(t.conn, { accountsPerGroup: 4, now: new Date("2025-01-01") });
  small = await makeCompany(t.conn, { accountsPerGroup: 1, now: new Date("2025-01-01") });
  const [moscow, regions, kazan] = big.groups;
  const inGroup = (g: { id: string }) => big.accounts.filter((a) => a.groupId === g.id);
  const billed = [
    ...inGroup(moscow!).slice(0, 2),
    ...inGroup(regions!),
    ...inGroup(kazan!).slice(0, 3),
    ...small.accounts.slice(0, 2).map((a) => ({ ...a, small: true })),
  ];
  const fee = await makeTariff(t.conn, { monthlyFee: 1234_56 });
  for (const a of billed)
    await makeService(t.conn, {
      companyId: "small" in a ? small.id : big.id,
      accountId: a.id,
      tariffId: fee.id,
      connectedAt: new Date("2026-01-01"),
    });
  await restrictUser(t.conn, big.accountant.id, [moscow!.id]);
  await restrictUser(t.conn, big.viewer.id, [regions!.id]); // and Казань, its subgroup

  const admin = await signIn(t.app, big.admin.login, big.admin.password);
  const viewer = await signIn(t.app, big.viewer.login, big.viewer.password);
  const ep = await call(
    t.app,
    "POST",
    "/v1/webhook-endpoints",
    { url: "http://127.0.0.1:9/invoices", events: ["invoice.issued"] },
    { token: admin },
  );
  expect(ep.status).toBe(201);
  endpointId = ep.body.id;
  const rcp = await call(
    t.app,
    "PUT",
    "/v1/documents/recipients",
    { emails: ["buh@example.test"] },
    { token: admin },
  );
  expect(rcp.status).toBe(200);
  // The viewer reads notices in the cabinet but wants no e-mail of them.
  const pref = await call(
    t.app,
    "PUT",
    "/v1/notification-preferences",
    { preferences: [{ kind: "invoice_issued", in_app: true, email: false }] },
    { token: viewer },
  );
  expect(pref.status).toBe(200);
});
afterAll(() => t.close());

const noticesOf = (userId: string) =>
  t.conn.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.kind, "invoice_issued"), eq(notifications.userId, userId)));
const mailsOf = (userId: string) =>
  t.conn.db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.kind, "notice_invoice_issued"), eq(outboxMessages.userId, userId)));
const invoicesOf = (c: TestCompany, groupIds?: string[]) =>
  t.conn.db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.companyId, c.id),
        eq(invoices.period, "2026-10"),
        groupIds
          ? inArray(
              invoices.accountId,
              c.accounts.filter((a) => groupIds.includes(a.groupId!)).map((a) => a.id),
            )
          : undefined,
      ),
    )
    .orderBy(asc(invoices.seq));

const group = (s: string, sep: string) => s.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
const rubEn = (k: number) => `${group(String(Math.trunc(k / 100)), ",")}.${String(k % 100).padStart(2, "0")}`;
const rubRu = (k: number) => rubEn(k).replace(/,/g, NBSP).replace(".", ",");

describe("invoice_issued digest", () => {
  it("a user given more than five invoices gets one digest and one e-mail; up to five, one notice each", async () => {
    const run = await runBilling("2026-10");
    expect(run.status).toBe("completed");
    const all = await invoicesOf(big);
    expect(all).toHaveLength(9);
    const total = all.reduce((s, i) => s + Number(i.totalAmount), 0);
    // The run walks accounts company by company: each company's invoices take consecutive numbers.
    const consecutive = (xs: { seq: number }[]) => xs.every((x, i) => x.seq === xs[0]!.seq + i);
    expect(consecutive(all)).toBe(true);
    expect(consecutive(await invoicesOf(small))).toBe(true);

    // The admin sees all nine: one digest.
    const [digest, ...more] = await noticesOf(big.admin.id);
    expect(more).toHaveLength(0);
    expect(digest!.titleRu).toBe(`Выставлено 9 счетов за октябрь 2026 на сумму ${rubRu(total)} ₽`);
    expect(digest!.titleEn).toBe(`9 invoices issued for October 2026, total ${rubEn(total)} ₽`);
    expect(digest!.bodyRu).toContain(`Счета № ${all[0]!.number} … ${all[8]!.number} за октябрь 2026`);
    expect(digest!.bodyRu).toContain("ближайший срок оплаты — 20 ноября 2026");
    expect(digest!.bodyEn).toContain("earliest due 20 November 2026");
    expect(digest!.data).toEqual({
      period: "2026-10",
      count: 9,
      amount: total,
      currency: "RUB",
      due_on: "2026-11-20",
      first_invoice_id: all[0]!.id,
      first_number: all[0]!.number,
      last_number: all[8]!.number,
    });
    expect(digest!.data).not.toHaveProperty("invoice_id");
    expect(digest!.dedupeKey).toBe(`invoices_issued:2026-10:${all[0]!.id}`);
    expect(digest!.inApp).toBe(true);
    const mails = await mailsOf(big.admin.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(digest!.titleRu);
    expect(mails[0]!.body).toBe(`${digest!.bodyRu}\n\n${digest!.bodyEn}`);

    // The viewer, limited to Регионы (and Казань under it), hears only of their seven.
    const theirs = await invoicesOf(big, [big.groups[1]!.id, big.groups[2]!.id]);
    expect(theirs).toHaveLength(7);
    const theirTotal = theirs.reduce((s, i) => s + Number(i.totalAmount), 0);
    const viewerNotices = await noticesOf(big.viewer.id);
    expect(viewerNotices).toHaveLength(1);
    expect(viewerNotices[0]!.titleRu).toBe(
      `Выставлено 7 счетов за октябрь 2026 на сумму ${rubRu(theirTotal)} ₽`,
    );
    expect(viewerNotices[0]!.data).toMatchObject({
      count: 7,
      amount: theirTotal,
      first_number: theirs[0]!.number,
      last_number: theirs[6]!.number,
    });
    expect(await mailsOf(big.viewer.id)).toHaveLength(0); // e-mail off in their preferences

    // The accountant, limited to Москва, sees two: one notice and one e-mail each, as before.
    const moscow = await invoicesOf(big, [big.groups[0]!.id]);
    expect(moscow).toHaveLength(2);
    const acc = await noticesOf(big.accountant.id);
    expect(acc.map((n) => (n.data as { invoice_id: string }).invoice_id).sort()).toEqual(
      moscow.map((i) => i.id).sort(),
    );
    expect(acc.map((n) => n.titleEn).sort()).toEqual(moscow.map((i) => `Invoice ${i.number} issued`).sort());
    expect(await mailsOf(big.accountant.id)).toHaveLength(2);

    // A company with two invoices: each of its users gets a notice per invoice.
    const two = await invoicesOf(small);
    expect(two).toHaveLength(2);
    for (const u of [small.admin, small.accountant, small.viewer]) {
      const n = await noticesOf(u.id);
      expect(n.map((x) => (x.data as { invoice_id: string }).invoice_id).sort()).toEqual(
        two.map((i) => i.id).sort(),
      );
      expect(await mailsOf(u.id)).toHaveLength(2);
    }

    // The document recipient gets one e-mail for the nine (per invoice up to five, documents.test.ts),
    // with the numbers, the total and the period's zip; webhook endpoints still get one per invoice.
    const docs = await t.conn.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.companyId, big.id), eq(outboxMessages.kind, "document_issued")));
    expect(docs).toHaveLength(1);
    expect(docs[0]!.recipient).toBe("buh@example.test");
    expect(docs[0]!.subject).toBe(
      "Документы за октябрь 2026: 9 счетов / Documents for October 2026: 9 invoices",
    );
    const vat = all.reduce((s, i) => s + Number(i.vatAmount), 0);
    expect(docs[0]!.body).toContain(
      `Выставлено 9 счетов № ${all[0]!.number} … ${all[8]!.number} на ${rubRu(total)} ₽ (в т.ч. НДС ${rubRu(vat)} ₽), ближайший срок оплаты — 20 ноября 2026.`,
    );
    expect(docs[0]!.body).toContain("/v1/documents/archive?period=2026-10");
    expect(docs[0]!.body).toContain(
      `9 invoices ${all[0]!.number} … ${all[8]!.number} for October 2026: ${rubEn(total)} ₽ incl. VAT, earliest due 20 November 2026.`,
    );

    // All nine went below zero: the recipient gets one e-mail naming them, lowest balance first.
    const low = await t.conn.db
      .select()
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.companyId, big.id),
          eq(outboxMessages.kind, "balance_negative"),
          eq(outboxMessages.recipient, "buh@example.test"),
        ),
      );
    expect(low).toHaveLength(1);
    expect(low[0]!.subject).toBe("Отрицательный баланс на 9 лицевых счетах / Negative balance on 9 accounts");
    const numbers = [...all].sort((a, b) => a.accountId.localeCompare(b.accountId));
    for (const i of numbers) {
      const acc = big.accounts.find((a) => a.id === i.accountId)!;
      expect(low[0]!.body).toContain(`${acc.number} (−${rubRu(total / 9)} ₽)`);
    }
    expect(low[0]!.body).toContain(`всего −${rubRu(total)} ₽`);

    const hooks = await t.conn.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId));
    expect(hooks).toHaveLength(9);

    // The API shows the digest in the user's language; no invoice_id, so nothing links to one.
    const admin = await signIn(t.app, big.admin.login, big.admin.password);
    const en = await call(t.app, "GET", "/v1/notifications", undefined, { token: admin, lang: "en" });
    expect(en.status).toBe(200);
    expect(en.body.data).toHaveLength(1);
    expect(en.body.data[0]).toMatchObject({
      kind: "invoice_issued",
      title: digest!.titleEn,
      data: { count: 9 },
    });
    const ru = await call(t.app, "GET", "/v1/notifications", undefined, { token: admin, lang: "ru" });
    expect(ru.body.data[0].title).toBe(digest!.titleRu);

    // A re-run creates no invoice and tells no one anything.
    const before = await t.conn.db.select({ id: notifications.id }).from(notifications);
    const mailsBefore = await t.conn.db.select({ id: outboxMessages.id }).from(outboxMessages);
    const again = await runBilling("2026-10");
    expect(again).toMatchObject({ status: "completed", invoices_created: 0 });
    expect(await t.conn.db.select({ id: notifications.id }).from(notifications)).toHaveLength(before.length);
    expect(await t.conn.db.select({ id: outboxMessages.id }).from(outboxMessages)).toHaveLength(
      mailsBefore.length,
    );
  });

  it("words and figures in SQL: plural forms as plural() picks them, digits grouped", async () => {
    const ns = [
      ...Array.from({ length: 130 }, (_, i) => i),
      211,
      212,
      215,
      1000,
      1001,
      1002,
      1011,
      1021,
      1_000_000,
    ];
    const got = await rows<{ n: number; form: string; count: string }>(
      t.conn.db,
      sql`SELECT n, ${pluralSql(sql`n`, ["счёт", "счёта", "счетов"])} AS form, ${countRuSql(sql`n`)} AS count
            FROM unnest(${`{${ns.join(",")}}`}::int[]) AS n ORDER BY n`,
    );
    expect(got.map((r) => [Number(r.n), r.form])).toEqual(
      ns.map((n) => [n, plural(n, ["счёт", "счёта", "счетов"])]),
    );
    expect(got.find((r) => Number(r.n) === 21)!.form).toBe("счёт");
    expect(got.find((r) => Number(r.n) === 22)!.form).toBe("счёта");
    expect(got.find((r) => Number(r.n) === 112)!.form).toBe("счетов");
    expect(got.find((r) => Number(r.n) === 1000)!.count).toBe(`1${NBSP}000`);
    const [m] = await rows<{ ru: string; en: string; zero: string }>(
      t.conn.db,
      sql`SELECT ${rubRuSql(sql`123456789::bigint`)} AS ru, ${rubEnSql(sql`123456789::bigint`)} AS en,
                 ${rubRuSql(sql`5::bigint`)} AS zero`,
    );
    expect(m).toEqual({ ru: `1${NBSP}234${NBSP}567,89`, en: "1,234,567.89", zero: "0,05" });
  });
});
