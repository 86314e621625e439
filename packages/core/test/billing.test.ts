import { type Connection, invoiceLines, invoices, rows } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareBatch, writeBatch } from "../src/billing/batch";
import {
  chargeAdvance,
  executeBillingRun,
  getBillingRun,
  markOverdueInvoices,
  parsePeriod,
  prorate,
  runBilling,
  startBillingRun,
  suspendOverdue,
} from "../src/billing/index";
import { BEFORE_FIRST_ACCOUNT } from "../src/billing/keyset";
import { rateCall } from "../src/tariffs/index";
import { makeCompany, type TestCompany } from "../src/testing/fixtures";
import { loadVatRates, splitByVat, vatOf } from "../src/vat/index";
import { insertCall, makeService, makeTariff, operatorCtx, sumEntries } from "./billing-helpers";

const d = (s: string) => new Date(s);
const RATES = [
  { from: "2019-01-01", to: "2025-12-31", rateBp: 2000 },
  { from: "2026-01-01", to: null, rateBp: 2200 },
];

describe("pro-rating", () => {
  // Proration logic in UTC days; the operator's zone is tested in time-boundary.test.ts.
  it("charges whole months exactly and partial months by days", () => {
    const oct = parsePeriod("2026-10", "UTC");
    expect(prorate(31_000, d("2026-09-15T10:00:00Z"), null, oct)).toMatchObject({ days: 31, amount: 31_000 });
    expect(prorate(31_000, d("2026-10-01T00:00:00Z"), d("2026-11-01T00:00:00Z"), oct).amount).toBe(31_000);
    // Connected on the 31st at 23:59: that day is charged.
    expect(prorate(31_000, d("2026-10-31T23:59:00Z"), null, oct)).toMatchObject({ days: 1, amount: 1_000 });
    // Disconnected on the 1st: the day of disconnection is not.
    expect(prorate(31_000, d("2026-09-01T00:00:00Z"), d("2026-10-01T12:00:00Z"), oct).days).toBe(0);
    expect(prorate(31_000, d("2026-10-10T08:00:00Z"), d("2026-10-20T08:00:00Z"), oct)).toMatchObject({
      days: 10,
      from: "2026-10-10",
      to: "2026-10-19",
      amount: 10_000,
    });
  });

  it("knows leap years", () => {
    const feb28 = parsePeriod("2027-02", "UTC");
    const feb29 = parsePeriod("2028-02", "UTC");
    expect(feb28.days).toBe(28);
    expect(feb29.days).toBe(29);
    expect(prorate(29_000, d("2028-02-29T09:00:00Z"), null, feb29)).toMatchObject({ days: 1, amount: 1_000 });
    expect(prorate(28_000, d("2027-02-28T09:00:00Z"), null, feb28)).toMatchObject({ days: 1, amount: 1_000 });
    // Half-up: 10 000 × 15 / 29 = 5172.41… → 5172
    expect(prorate(10_000, d("2028-02-15T00:00:00Z"), null, feb29).amount).toBe(5172);
  });

  it("a tariff change never charges its day twice", () => {
    const oct = parsePeriod("2026-10", "UTC");
    const change = d("2026-10-16T14:00:00Z");
    const a = prorate(31_000, d("2026-01-01T00:00:00Z"), change, oct);
    const b = prorate(62_000, change, null, oct);
    expect(a.days + b.days).toBe(31);
  });
});

describe("VAT", () => {
  it("rounds half-up per line", () => {
    expect(vatOf(12_345, 2200)).toBe(2716); // 2715.9
    expect(vatOf(25, 2000)).toBe(5);
    expect(vatOf(2, 2200)).toBe(0); // 0.44
    expect(vatOf(3, 2200)).toBe(1); // 0.66
  });

  it("splits a line that straddles 2026-01-01 at the rate change", () => {
    const parts = splitByVat(RATES, "2025-12-17", "2026-01-15", 30_000);
    expect(parts.map((p) => [p.from, p.to, p.days, p.rateBp])).toEqual([
      ["2025-12-17", "2025-12-31", 15, 2000],
      ["2026-01-01", "2026-01-15", 15, 2200],
    ]);
    expect(parts.map((p) => p.net)).toEqual([15_000, 15_000]);
    expect(parts.map((p) => p.vat)).toEqual([3_000, 3_300]);
    const odd = splitByVat(RATES, "2025-12-31", "2026-01-02", 100);
    expect(odd.reduce((s, p) => s + p.net, 0)).toBe(100);
  });
});

describe("billing run", () => {
  let conn: Connection;
  let co: TestCompany;
  let clock = d("2026-11-01T03:00:00Z");
  const now = () => clock;
  beforeAll(async () => {
    conn = await createTestDatabase();
    co = await makeCompany(conn, { billingSystem: "credit", now: d("2025-01-01T00:00:00Z") });
    const phone = await makeTariff(conn, { fee: 100_000 });
    const perSecond = await makeTariff(conn, { fee: 50_000, rounding: "per_second" });
    const router = await makeTariff(conn, { fee: 31_000, kind: "equipment_rent" });
    const [a0, a1, a2, a3, a4, a5] = co.accounts;
    const svc = (accountId: string, tariffId: string, from: string, to?: string, kind?: "equipment_rent") =>
      makeService(conn, {
        companyId: co.id,
        accountId,
        tariffId,
        connectedAt: d(from),
        ...(to ? { disconnectedAt: d(to) } : {}),
        ...(kind ? { kind } : {}),
      });
    await svc(a0!.id, phone.id, "2025-06-01T00:00:00Z");
    await svc(a0!.id, router.id, "2025-06-01T00:00:00Z", undefined, "equipment_rent");
    await svc(a1!.id, phone.id, "2026-10-16T12:00:00Z"); // 16 of 31 days in October
    await svc(a2!.id, phone.id, "2025-06-01T00:00:00Z", "2026-10-11T09:00:00Z"); // 10 days
    await svc(a3!.id, perSecond.id, "2025-06-01T00:00:00Z");
    await svc(a4!.id, phone.id, "2025-06-01T00:00:00Z");
    await svc(a5!.id, phone.id, "2025-06-01T00:00:00Z");
    // Calls rated at import: 61 s local on a per-minute tariff = 2 min; on per-second = 61 s exactly.
    await insertCall(conn, {
      companyId: co.id,
      accountId: a0!.id,
      startedAt: d("2026-10-05T10:00:00Z"),
      durationSec: 61,
      billableSec: 120,
      cost: rateCall(61, 150, "per_minute"),
    });
    await insertCall(conn, {
      companyId: co.id,
      accountId: a3!.id,
      startedAt: d("2026-10-05T10:00:00Z"),
      durationSec: 61,
      billableSec: 61,
      cost: rateCall(61, 150, "per_second"),
    });
    await insertCall(conn, {
      companyId: co.id,
      accountId: a3!.id,
      startedAt: d("2026-11-01T00:00:00Z"), // November: not in October's invoice
      durationSec: 600,
      billableSec: 600,
      cost: 1500,
    });
  });
  afterAll(() => conn.close());

  const mine = async () =>
    conn.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.companyId, co.id), eq(invoices.period, "2026-10")))
      .orderBy(asc(invoices.seq));

  it("survives a crash mid-run and a re-run gives each account exactly one invoice, gap-free", async () => {
    const ctx = operatorCtx(conn, now);
    await expect(
      runBilling({
        ctx,
        input: { period: "2026-10", batchSize: 2 },
        hooks: {
          onAccount: (_id, i) => {
            if (i === 3) throw new Error("injected crash");
          },
        },
      }),
    ).rejects.toThrow("injected crash");
    const afterCrash = await mine();
    expect(afterCrash).toHaveLength(2); // the first batch committed, the second rolled back
    const progress: number[] = [];
    const run = await runBilling({
      ctx,
      input: { period: "2026-10", batchSize: 2 },
      hooks: { onProgress: (r) => void progress.push(r.processedAccounts) },
    });
    expect(run.status).toBe("completed");
    expect(progress.length).toBeGreaterThan(1);
    expect(await getBillingRun({ ctx, input: { id: run.id } })).toMatchObject({ status: "completed" });
    // A third run changes nothing.
    await runBilling({ ctx, input: { period: "2026-10" } });
    const all = await mine();
    expect(all).toHaveLength(6);
    expect(new Set(all.map((i) => i.accountId)).size).toBe(6);
    const seqs = all.map((i) => i.seq);
    expect(seqs).toEqual(Array.from({ length: 6 }, (_, i) => seqs[0]! + i));
    expect(all.every((i) => i.dueOn === "2026-11-20" && i.issuedOn === "2026-10-31")).toBe(true);
    for (const inv of all) {
      const { sum, balance } = await sumEntries(conn, inv.accountId);
      expect(balance).toBe(sum);
      expect(balance).toBe(-inv.totalAmount);
    }
  });

  it("pro-rates, adds rent and calls, and applies 22 % VAT in 2026", async () => {
    const all = await mine();
    const lines = await conn.db
      .select()
      .from(invoiceLines)
      .where(
        inArray(
          invoiceLines.invoiceId,
          all.map((i) => i.id),
        ),
      );
    const of = (n: number) => {
      const inv = all.find((i) => i.accountId === co.accounts[n]!.id)!;
      return { inv, lines: lines.filter((l) => l.invoiceId === inv.id) };
    };
    const a0 = of(0);
    expect(a0.lines.map((l) => [l.kind, l.netAmount, l.vatRateBp]).sort()).toEqual(
      [
        ["calls", 300, 2200],
        ["equipment_rent", 31_000, 2200],
        ["fee", 100_000, 2200],
      ].sort(),
    );
    expect(a0.inv.netAmount).toBe(131_300);
    expect(a0.inv.vatAmount).toBe(22_000 + 6_820 + 66);
    expect(of(1).inv.netAmount).toBe(Math.round((100_000 * 16) / 31)); // 51613
    expect(of(2).inv.netAmount).toBe(Math.round((100_000 * 10) / 31)); // 32258
    const a3 = of(3);
    expect(a3.lines.find((l) => l.kind === "calls")!.netAmount).toBe(153); // 61 s × 1.50 ₽/min
    expect(a3.inv.netAmount).toBe(50_153);
  });

  it("marks overdue credit invoices and suspends after the grace period", async () => {
    clock = d("2026-11-21T09:00:00Z");
    const ctx = operatorCtx(conn, now);
    const marked = await markOverdueInvoices({ ctx });
    expect(marked.overdue).toBeGreaterThan(0);
    expect((await mine()).every((i) => i.status === "overdue")).toBe(true);
    expect(
      (await suspendOverdue({ ctx })).suspended.filter((s) => s.reason === "overdue_invoice"),
    ).toHaveLength(0);
    clock = d("2026-12-01T09:00:00Z"); // 20th + 10 grace days passed
    const res = await suspendOverdue({ ctx });
    const ids = new Set(res.suspended.map((s) => s.accountId));
    expect(co.accounts.every((a) => ids.has(a.id))).toBe(true);
  });

  it("uses 20 % for December 2025 and 22 % for January 2026", async () => {
    const ctx = operatorCtx(conn, now);
    await runBilling({ ctx, input: { period: "2025-12" } });
    await runBilling({ ctx, input: { period: "2026-01" } });
    const acc = co.accounts[4]!.id;
    const r = await rows<{
      period: string;
      vat_rate_bp: number;
      net_amount: string | number;
      vat_amount: string | number;
    }>(
      conn.db,
      sql`SELECT i.period, l.vat_rate_bp, l.net_amount, l.vat_amount FROM invoices i
            JOIN invoice_lines l ON l.invoice_id = i.id WHERE i.account_id = ${acc}::uuid AND i.period IN ('2025-12', '2026-01')
           ORDER BY i.period`,
    );
    expect(r.map((x) => [x.period, x.vat_rate_bp, Number(x.vat_amount)])).toEqual([
      ["2025-12", 2000, 20_000],
      ["2026-01", 2200, 22_000],
    ]);
    const [dec] = await conn.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.accountId, acc), eq(invoices.period, "2025-12")));
    expect(dec!.number).toMatch(/^2025-\d{6}$/);
  });

  it("two runs of one period at once still bill each account once", async () => {
    const ctx = operatorCtx(conn, now);
    const [r1, r2] = await Promise.all([
      startBillingRun({ ctx, input: { period: "2026-09" } }),
      startBillingRun({ ctx, input: { period: "2026-09" } }),
    ]);
    await Promise.all([
      executeBillingRun({ ctx, input: { runId: r1.id, batchSize: 2 } }),
      executeBillingRun({ ctx, input: { runId: r2.id, batchSize: 2 } }),
    ]);
    const r = await conn.db
      .select({ accountId: invoices.accountId })
      .from(invoices)
      .where(and(eq(invoices.companyId, co.id), eq(invoices.period, "2026-09")));
    expect(r.length).toBe(new Set(r.map((x) => x.accountId)).size);
    expect(r.length).toBe(5); // a1 was connected only in October
  });

  it("a batch read ahead skips the accounts another run billed before it was written", async () => {
    const ctx = operatorCtx(conn, now);
    const period = parsePeriod("2026-08", "UTC");
    const rates = await loadVatRates(conn.db);
    const mineIn = (p: string) =>
      conn.db
        .select()
        .from(invoices)
        .where(and(eq(invoices.companyId, co.id), eq(invoices.period, p)));
    const slow = await startBillingRun({ ctx, input: { period: period.id } });
    const args = { period, rates, withCalls: true, batchSize: 100, runId: slow.id, companyId: co.id };
    const ahead = await prepareBatch(conn.db, { ...args, after: BEFORE_FIRST_ACCOUNT });
    expect(ahead!.accounts.length).toBeGreaterThan(0);
    await runBilling({ ctx, input: { period: period.id } }); // bills them meanwhile
    const billed = await mineIn(period.id);
    expect(billed).toHaveLength(5);
    const written = await conn.db.transaction((tx) => writeBatch(tx, ctx, args, ahead!, async () => {}));
    expect(written.invoices).toBe(0);
    expect(await mineIn(period.id)).toHaveLength(5);
    // No number was taken for them: the next invoice of the year follows the last one.
    const next = await runBilling({ ctx, input: { period: "2026-07" } });
    expect(next.invoicesCreated).toBe(5);
    const [{ max, count }] = (await rows(
      conn.db,
      sql`SELECT max(seq)::int AS max, count(*)::int AS count FROM invoices WHERE year = 2026`,
    )) as [{ max: number; count: number }];
    expect(max).toBe(count);
  });
});

describe("advance accounts", () => {
  let conn: Connection;
  let co: TestCompany;
  let clock = d("2026-11-01T01:00:00Z");
  const now = () => clock;
  beforeAll(async () => {
    conn = await createTestDatabase();
    co = await makeCompany(conn, {
      billingSystem: "advance",
      accountsPerGroup: 1,
      now: d("2025-01-01T00:00:00Z"),
    });
    const t = await makeTariff(conn, { fee: 100_000 });
    await makeService(conn, {
      companyId: co.id,
      accountId: co.accounts[0]!.id,
      tariffId: t.id,
      connectedAt: d("2026-01-01T00:00:00Z"),
    });
  });
  afterAll(() => conn.close());

  it("charges the month ahead on the 1st, settles only the difference, then suspends after notice", async () => {
    const ctx = operatorCtx(conn, now);
    const acc = co.accounts[0]!.id;
    const first = await chargeAdvance({ ctx, input: { period: "2026-11" } });
    expect(first.accountsCharged).toBe(1);
    expect(first.amount).toBe(122_000);
    expect((await chargeAdvance({ ctx, input: { period: "2026-11" } })).accountsCharged).toBe(0);
    expect((await sumEntries(conn, acc)).balance).toBe(-122_000);
    const notices = await rows<{ n: number }>(
      conn.db,
      sql`SELECT count(*)::int AS n FROM balance_notices WHERE account_id = ${acc}::uuid AND resolved_at IS NULL`,
    );
    expect(notices[0]!.n).toBe(1);
    expect((await suspendOverdue({ ctx })).suspended).toHaveLength(0); // notice too fresh
    clock = d("2026-12-01T02:00:00Z");
    await runBilling({ ctx, input: { period: "2026-11" } });
    const [inv] = await conn.db.select().from(invoices).where(eq(invoices.accountId, acc));
    expect(inv!.totalAmount).toBe(122_000);
    expect(inv!.chargedAmount).toBe(0); // the advance already covered it
    expect((await sumEntries(conn, acc)).balance).toBe(-122_000);
    const res = await suspendOverdue({ ctx });
    expect(res.suspended.map((s) => [s.accountId, s.reason])).toEqual([[acc, "negative_balance"]]);
  });
});
