import { type Connection, invoiceLines, invoices, ledgerEntries, rows } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceReport } from "../src/balance/report";
import { markOverdueInvoices, parsePeriod, periodOf, prorate, runBilling } from "../src/billing/index";
import { countEnSql, pluralSql } from "../src/billing/rub-sql";
import { exportCalls } from "../src/calls/export";
import { postLedger } from "../src/ledger/post";
import { getPromisedPayment, takePromisedPayment } from "../src/promised-payments/promised";
import { makeCompany, type TestCompany } from "../src/testing/fixtures";
import { chargeMonthsBefore } from "../src/testing/ledger";
import {
  ACCOUNTS,
  countText,
  dateEnSql,
  dateRuSql,
  dateText,
  localIso,
  localIsoSql,
  localMidnight,
  localMonth,
  periodEnSql,
  periodRuSql,
  periodText,
} from "../src/time/index";
import { insertCall, makeService, makeTariff, operatorCtx, userCtx } from "./billing-helpers";

// The operator's time zone at the month boundary (ADR 0080): Europe/Moscow is UTC+3, so
// 2026-11-30T21:30Z is 00:30 on 1 December there — December's.
const MSK = "Europe/Moscow";
const d = (s: string) => new Date(s);
const BOUNDARY_CALL = d("2026-11-30T21:30:00Z");

describe("business time helpers", () => {
  it("puts a moment in the operator's local month and day, DST zones included", () => {
    expect(periodOf(BOUNDARY_CALL, MSK)).toBe("2026-12");
    expect(periodOf(BOUNDARY_CALL, "UTC")).toBe("2026-11");
    const dec = parsePeriod("2026-12", MSK);
    expect(dec.from.toISOString()).toBe("2026-11-30T21:00:00.000Z");
    expect(dec.to.toISOString()).toBe("2026-12-31T21:00:00.000Z");
    expect([dec.firstDay, dec.lastDay, dec.days]).toEqual(["2026-12-01", "2026-12-31", 31]);
    expect(localIso(BOUNDARY_CALL, MSK)).toBe("2026-12-01T00:30:00+03:00");
    // Berlin changes to summer time on 29 March 2026: March has 31 local days, 743 hours.
    const march = parsePeriod("2026-03", "Europe/Berlin");
    expect(march.from.toISOString()).toBe("2026-02-28T23:00:00.000Z");
    expect(march.to.toISOString()).toBe("2026-03-31T22:00:00.000Z");
    expect(march.days).toBe(31);
    expect(localMidnight(2026, 3, 30, "Europe/Berlin").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    // A line connected at 01:00 MSK on the 16th (22:00 UTC on the 15th) is charged from the 16th.
    const oct = parsePeriod("2026-10", MSK);
    expect(prorate(31_000, d("2026-10-15T22:00:00Z"), null, oct)).toMatchObject({
      days: 16,
      from: "2026-10-16",
    });
  });

  it("writes months, dates and counts as people read them, in both languages", () => {
    expect(periodText("2026-11", "ru")).toBe("ноябрь 2026");
    expect(periodText("2026-11", "en")).toBe("November 2026");
    expect(dateText("2026-10-20", "ru")).toBe("20 октября 2026");
    expect(dateText("2026-10-20", "en")).toBe("20 October 2026");
    expect([1, 3, 5, 11, 21, 22, 25].map((n) => countText(n, ACCOUNTS, "ru"))).toEqual([
      "1 лицевой счёт",
      "3 лицевых счёта",
      "5 лицевых счетов",
      "11 лицевых счетов",
      "21 лицевой счёт",
      "22 лицевых счёта",
      "25 лицевых счетов",
    ]);
    expect([1, 3].map((n) => countText(n, ACCOUNTS, "en"))).toEqual(["1 account", "3 accounts"]);
  });
});

describe("at the month boundary, in Moscow time", () => {
  let conn: Connection;
  let co: TestCompany;
  let adv: TestCompany;
  let clock = d("2027-01-01T03:00:00Z");
  const now = () => clock;
  beforeAll(async () => {
    conn = await createTestDatabase();
    co = await makeCompany(conn, { billingSystem: "credit", now: d("2025-01-01T00:00:00Z") });
    adv = await makeCompany(conn, { billingSystem: "advance", now: d("2025-01-01T00:00:00Z") });
    const phone = await makeTariff(conn, { fee: 100_000 });
    await makeService(conn, {
      companyId: co.id,
      accountId: co.accounts[0]!.id,
      tariffId: phone.id,
      connectedAt: d("2025-06-01T00:00:00Z"),
    });
    await insertCall(conn, {
      companyId: co.id,
      accountId: co.accounts[0]!.id,
      startedAt: BOUNDARY_CALL,
      durationSec: 60,
      billableSec: 60,
      cost: 1_50,
    });
  }, 60_000);
  afterAll(() => conn?.close());

  it("the SQL twins of the text helpers agree with them", async () => {
    const [r] = await rows<Record<string, string>>(
      conn.db,
      sql`SELECT ${dateRuSql(sql`'2026-10-20'::date`)} AS ru, ${dateEnSql(sql`'2026-10-20'::date`)} AS en,
                 ${periodRuSql(sql`'2026-11'::text`)} AS pru, ${periodEnSql(sql`'2026-11'::text`)} AS pen,
                 ${localIsoSql(sql`${BOUNDARY_CALL.toISOString()}::timestamptz`, MSK, " ")} AS iso,
                 ${localIsoSql(sql`'2026-07-01T10:00:00Z'::timestamptz`, "America/New_York")} AS ny`,
    );
    expect(r).toEqual({
      ru: dateText("2026-10-20", "ru"),
      en: dateText("2026-10-20", "en"),
      pru: periodText("2026-11", "ru"),
      pen: periodText("2026-11", "en"),
      iso: "2026-12-01 00:30:00+03:00",
      ny: localIso(d("2026-07-01T10:00:00Z"), "America/New_York"),
    });
    expect(r!.ny).toBe("2026-07-01T06:00:00-04:00");
    // pluralSql picks the form Intl.PluralRules("ru") names, for every count up to 200.
    const forms = ["one", "few", "many"] as const;
    const got = await rows<{ n: number; form: string; en: string }>(
      conn.db,
      sql`SELECT n, ${pluralSql(sql`n`, forms)} AS form, ${countEnSql(sql`n`)} AS en FROM generate_series(0, 200) n`,
    );
    const ru = new Intl.PluralRules("ru");
    for (const g of got) expect(g.form, `n = ${g.n}`).toBe(ru.select(Number(g.n)));
  });

  it("bills a call at 00:30 MSK on 1 December in December, not November", async () => {
    const ctx = operatorCtx(conn, now);
    clock = d("2026-12-01T03:00:00Z");
    await runBilling({ ctx, input: { period: "2026-11" } });
    clock = d("2027-01-01T03:00:00Z");
    await runBilling({ ctx, input: { period: "2026-12" } });
    const issued = await rows<{ period: string; due_on: string; issued_on: string }>(
      conn.db,
      sql`SELECT period, due_on::text AS due_on, issued_on::text AS issued_on FROM invoices
           WHERE account_id = ${co.accounts[0]!.id}::uuid ORDER BY period`,
    );
    expect(issued.map((c) => c.period)).toEqual(["2026-11", "2026-12"]);
    const callLines = await conn.db
      .select({ period: invoices.period, description: invoiceLines.description })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(and(eq(invoices.accountId, co.accounts[0]!.id), eq(invoiceLines.kind, "calls")));
    expect(callLines.map((l) => l.period)).toEqual(["2026-12"]);
    // «до 20-го» of the next month; the invoice is dated the period's last local day.
    expect(issued[0]).toMatchObject({ due_on: "2026-12-20", issued_on: "2026-11-30" });
    // The December charge is December's: effective before local midnight of 1 January.
    const [charge] = await conn.db
      .select({ at: ledgerEntries.effectiveAt })
      .from(ledgerEntries)
      .innerJoin(invoices, sql`${invoices.id}::text = ${ledgerEntries.refId}`)
      .where(and(eq(ledgerEntries.kind, "charge"), eq(invoices.period, "2026-12")));
    expect(localMonth(charge!.at, MSK)).toBe("2026-12");
  });

  it("an invoice due on the 20th is overdue from 00:00 MSK on the 21st, not before", async () => {
    const ctx = operatorCtx(conn, now);
    clock = d("2026-12-20T20:59:00Z"); // 23:59 MSK on the 20th
    await markOverdueInvoices({ ctx });
    const status = async () =>
      (
        await conn.db
          .select({ s: invoices.status })
          .from(invoices)
          .where(and(eq(invoices.accountId, co.accounts[0]!.id), eq(invoices.period, "2026-11")))
      )[0]!.s;
    expect(await status()).toBe("issued");
    clock = d("2026-12-20T21:00:00Z"); // 00:00 MSK on the 21st
    await markOverdueInvoices({ ctx });
    expect(await status()).toBe("overdue");
  });

  it("a payment at 23:59 MSK on the 31st counts in the month it was made", async () => {
    const acc = co.accounts[1]!;
    const paidAt = d("2026-12-31T20:59:00Z"); // 23:59 MSK, 31 December
    await conn.db.transaction((tx) =>
      postLedger(
        tx,
        [{ accountId: acc.id, kind: "payment", amount: 500_00, description: "Оплата", effectiveAt: paidAt }],
        { now: paidAt },
      ),
    );
    const ctx = userCtx(conn, co, now);
    const dec = await balanceReport({ ctx, input: { period: "2026-12", account_id: acc.id } });
    const jan = await balanceReport({ ctx, input: { period: "2027-01", account_id: acc.id } });
    expect(dec.payments).toBe(500_00);
    expect(jan.payments).toBe(0);
    // The report names its days as the query does, both inclusive, in the operator's zone.
    expect([dec.from, dec.to]).toEqual(["2026-12-01", "2026-12-31"]);
    // By days too: the 31st (local) holds it.
    const day = await balanceReport({
      ctx,
      input: { from: "2026-12-31", to: "2026-12-31", account_id: acc.id },
    });
    expect(day.payments).toBe(500_00);
  });

  it("the promised payment is once per local month: 00:30 MSK on the 1st is a new month", async () => {
    const acc = adv.accounts[0]!;
    const user = (t: Date) => ({ ...userCtx(conn, adv, () => t), lang: "ru" as const });
    const lateNov = d("2026-11-30T20:00:00Z"); // 23:00 MSK, 30 November
    await chargeMonthsBefore(conn.db, acc.id, [3000_00, 3000_00, 3000_00], lateNov);
    const first = await takePromisedPayment({
      ctx: user(lateNov),
      input: { account_id: acc.id, amount: 500_00 },
    });
    expect(first).toMatchObject({ month: "2026-11", status: "active", status_label: "Действует" });
    // Repaid (no promise active), and still November in Moscow at 23:59 (20:59 UTC): used this month.
    await rows(
      conn.db,
      sql`UPDATE promised_payments SET status = 'repaid' WHERE account_id = ${acc.id}::uuid`,
    );
    const info = await getPromisedPayment({
      ctx: user(d("2026-11-30T20:59:00Z")),
      input: { account_id: acc.id },
    });
    expect(info.reason).toBe("already_used_this_month");
    // 00:30 MSK on 1 December (21:30 UTC on 30 November, still November in UTC): a new month.
    const dec = await getPromisedPayment({ ctx: user(BOUNDARY_CALL), input: { account_id: acc.id } });
    expect(dec).toMatchObject({ eligible: true, reason: null });
    expect(dec.history[0]!.status_label).toBe("Погашен");
  });

  it("exports the call with its local time and offset, in the local month", async () => {
    const ctx = userCtx(conn, co, now);
    const text = async (period: string) => {
      const file = await exportCalls({ ctx, input: { period, format: "csv" } });
      const parts: Buffer[] = [];
      for await (const c of file.body as AsyncIterable<Uint8Array>) parts.push(Buffer.from(c));
      return Buffer.concat(parts).toString("utf8").slice(1).split("\r\n").filter(Boolean);
    };
    const dec = await text("2026-12");
    expect(dec[0]!.split(";")[0]).toBe("Дата и время");
    expect(dec.slice(1).map((l) => l.split(";")[0])).toEqual(["2026-12-01 00:30:00+03:00"]);
    expect((await text("2026-11")).length).toBe(1); // the header only
  });
});
