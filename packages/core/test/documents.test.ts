import type { Connection } from "@lk/db";
import { createTestDatabase } from "@lk/db/testing";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBilling } from "../src/billing/index";
import {
  amountInWords,
  createPaymentInvoice,
  documentPdf,
  documentsArchive,
  invoicePdf,
  listDocuments,
  reconciliation,
  reconciliationPdf,
} from "../src/documents/index";
import { listInvoices } from "../src/invoices/index";
import { postLedger } from "../src/ledger/index";
import { makeCompany, type TestCompany } from "../src/testing/fixtures";
import { makeService, makeTariff, operatorCtx, pdfText, userCtx } from "./billing-helpers";

let conn: Connection;
let co: TestCompany;
const now = () => new Date("2026-11-05T10:00:00Z");
beforeAll(async () => {
  conn = await createTestDatabase();
  co = await makeCompany(conn, { billingSystem: "credit", accountsPerGroup: 1, now: new Date("2025-01-01") });
  const t = await makeTariff(conn, { fee: 123_456 });
  for (const a of co.accounts)
    await makeService(conn, {
      companyId: co.id,
      accountId: a.id,
      tariffId: t.id,
      connectedAt: new Date("2026-01-01"),
    });
  await runBilling({ ctx: operatorCtx(conn, now), input: { period: "2026-10" } });
  await conn.db.transaction((tx) =>
    postLedger(
      tx,
      [
        {
          accountId: co.accounts[0]!.id,
          kind: "payment",
          amount: 50_000,
          description: "Платёжное поручение № 17",
        },
      ],
      {
        now: new Date("2026-11-03T10:00:00Z"),
      },
    ),
  );
});
afterAll(() => conn.close());

describe("amounts in words", () => {
  it("reads roubles and kopecks in Russian", () => {
    expect(amountInWords(150_617)).toBe("Одна тысяча пятьсот шесть рублей 17 копеек");
    expect(amountInWords(2_100)).toBe("Двадцать один рубль 00 копеек");
    expect(amountInWords(1_234_567_802)).toBe(
      "Двенадцать миллионов триста сорок пять тысяч шестьсот семьдесят восемь рублей 02 копейки",
    );
  });
});

describe("documents", () => {
  it("renders the invoice, act and VAT invoice with number, INNs and totals in Russian", async () => {
    const ctx = userCtx(conn, co, now);
    const { data } = await listInvoices({ ctx, input: { limit: 10, period: "2026-10" } });
    expect(data).toHaveLength(3);
    const inv = data[0]!;
    expect(inv.total_amount).toBe(123_456 + 27_160);
    const invoice = pdfText((await invoicePdf({ ctx, input: { id: inv.id } })).content);
    expect(invoice).toContain(`Счёт на оплату № ${inv.number}`);
    expect(invoice).toContain(co.inn);
    expect(invoice).toContain(ctx.config.operator.inn);
    expect(invoice).toContain(ctx.config.operator.bankAccounts[0]!.account);
    expect(invoice).toContain("1 506,16");
    expect(invoice).toContain(inv.account_number);
    expect(invoice).toContain("Одна тысяча пятьсот шесть рублей 16 копеек");
    const act = pdfText((await documentPdf({ ctx, input: { id: `act.${inv.id}` } })).content);
    expect(act).toContain(`Акт № ${inv.number} от 31.10.2026`);
    expect(act).toContain("1 234,56");
    expect(act).toContain("271,60");
    const sf = pdfText((await documentPdf({ ctx, input: { id: `vat_invoice.${inv.id}` } })).content);
    expect(sf).toContain(`Счёт-фактура № ${inv.number} от 31.10.2026`);
    expect(sf).toMatch(/ИНН\/КПП покупателя.*773601001/);
    expect(sf).toContain("22%");
    expect(sf).toContain("Российский рубль, 643");
    const upd = pdfText((await documentPdf({ ctx, input: { id: `upd.${inv.id}` } })).content);
    expect(upd).toContain("Статус: 1");
  });

  it("lists acts and VAT invoices with keyset pages", async () => {
    const ctx = userCtx(conn, co, now);
    const first = await listDocuments({ ctx, input: { limit: 4, period: "2026-10" } });
    expect(first.data).toHaveLength(4);
    const second = await listDocuments({
      ctx,
      input: { limit: 4, period: "2026-10", cursor: first.next_cursor! },
    });
    expect(second.data).toHaveLength(2);
    expect(second.next_cursor).toBeNull();
    const ids = [...first.data, ...second.data].map((x) => x.id);
    expect(new Set(ids).size).toBe(6);
  });

  it("makes a payment invoice for several accounts whose purpose names each account", async () => {
    const ctx = userCtx(conn, co, now);
    const p = await createPaymentInvoice({
      ctx,
      input: { account_ids: [co.accounts[1]!.id, co.accounts[2]!.id], amounts: [100_000, 22_000] },
    });
    expect(p.total_amount).toBe(122_000);
    expect(p.vat_amount).toBe(22_000);
    expect(p.number).toMatch(/^П-2026-\d{6}$/);
    const text = pdfText((await documentPdf({ ctx, input: { id: p.id } })).content);
    expect(text).toContain(co.accounts[1]!.number);
    expect(text).toContain(co.accounts[2]!.number);
    expect(text).toContain("1 220,00");
  });

  it("reconciles: opening, each act and payment, closing", async () => {
    const ctx = userCtx(conn, co, now);
    const r = await reconciliation({ ctx, input: { from: "2026-10-01", to: "2026-11-30" } });
    expect(r.opening).toBe(0);
    expect(r.lines.filter((l) => l.debit > 0)).toHaveLength(3);
    expect(r.credit).toBe(50_000);
    expect(r.closing).toBe(-3 * 150_616 + 50_000);
    const text = pdfText(
      (await reconciliationPdf({ ctx, input: { from: "2026-10-01", to: "2026-11-30" } })).content,
    );
    expect(text).toContain("Акт сверки взаимных расчётов");
    expect(text).toContain(co.inn);
    expect(text).toContain("4 018,48");
    expect(text).toContain("Сальдо конечное");
  });

  it("zips every closing document of the period", async () => {
    const ctx = userCtx(conn, co, now);
    const { stream } = await documentsArchive({ ctx, input: { period: "2026-10" } });
    const buf = Buffer.from(await new Response(stream).arrayBuffer());
    const files = unzipSync(new Uint8Array(buf));
    expect(Object.keys(files)).toHaveLength(6);
    for (const f of Object.values(files)) expect(Buffer.from(f.slice(0, 5)).toString()).toBe("%PDF-");
  });
});
