import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composeRefund, composeSell, type ReceiptPaymentFacts } from "./compose";
import { atolRequest, atolTimestamp, parseAtolTimestamp } from "./providers/atol-wire";
import { fiscalReceiptText, fnsQrString, receiptDateTime } from "./text";
import { atolVatType, vatLabel } from "./vat-label";

const rates = [
  { from: "2019-01-01", to: "2025-12-31", rateBp: 2000 },
  { from: "2026-01-01", to: null, rateBp: 2200 },
];
const config = { sno: "osn" as const, email: "noreply@lk.example", paymentAddress: "https://lk.example" };
const seller = { inn: "7707049388" };
const MSK = "Europe/Moscow";

const facts = (
  items: ReceiptPaymentFacts["items"],
  over: Partial<ReceiptPaymentFacts> = {},
): ReceiptPaymentFacts => {
  const amount = items.reduce((s, i) => s + i.amount, 0);
  const bonus = items.reduce((s, i) => s + i.bonusAmount, 0);
  return {
    id: "p1",
    amount,
    bonusAmount: bonus,
    commission: 0,
    chargedAmount: amount - bonus,
    receiptEmail: "buh@example.test",
    receiptPhone: null,
    companyBuyer: null,
    fallbackContact: {},
    items,
    ...over,
  };
};

describe("receipt contents", () => {
  it("takes the VAT rate valid on the Moscow business day of the settlement", () => {
    const item = { accountNumber: "1", invoiceNumber: null, amount: 120_00, bonusAmount: 0 };
    // 23:30 UTC on 31 December 2025 is already 1 January 2026 in Moscow: 22 %.
    const y = composeSell(facts([item]), "x", new Date("2025-12-31T23:30:00Z"), rates, config, seller, MSK);
    expect(y.items[0]!.vat).toEqual({ rateBp: 2200, calculated: true, sum: 21_64 });
    const d = composeSell(facts([item]), "x", new Date("2025-12-31T20:00:00Z"), rates, config, seller, MSK);
    expect(d.items[0]!.vat).toEqual({ rateBp: 2000, calculated: true, sum: 20_00 });
    expect(atolVatType(d.items[0]!.vat)).toBe("vat120");
    expect(vatLabel(y.items[0]!.vat)).toBe("НДС 22/122");
    expect(vatLabel({ rateBp: 2200, calculated: false })).toBe("НДС 22 %");
  });

  it("the ФНС QR string: local time, roubles with kopecks, n=1 sale / n=2 refund", () => {
    const base = {
      amount: 1250_50,
      fiscalAt: new Date("2026-12-07T11:14:59Z"),
      fnNumber: "9999",
      fdNumber: 7,
      fpd: "42",
    };
    expect(fnsQrString({ kind: "sell", ...base }, MSK)).toBe(
      "t=20261207T1414&s=1250.50&fn=9999&i=7&fp=42&n=1",
    );
    expect(fnsQrString({ kind: "sell_refund", ...base, amount: 5 }, MSK)).toBe(
      "t=20261207T1414&s=0.05&fn=9999&i=7&fp=42&n=2",
    );
  });

  it("another operator's zone: the VAT day, the ФНС QR, the АТОЛ timestamps and the text follow it", () => {
    const item = { accountNumber: "1", invoiceNumber: null, amount: 120_00, bonusAmount: 0 };
    // 14:30 UTC on 31 December 2025: 17:30 in Moscow (still 20 %), already 1 January in Vladivostok.
    const at = new Date("2025-12-31T14:30:00Z");
    expect(composeSell(facts([item]), "x", at, rates, config, seller, MSK).items[0]!.vat.rateBp).toBe(2000);
    expect(
      composeSell(facts([item]), "x", at, rates, config, seller, "Asia/Vladivostok").items[0]!.vat.rateBp,
    ).toBe(2200);
    // Berlin keeps summer time: 11:14 UTC on 7 July is 13:14 there (UTC+2), in December 12:14 (UTC+1).
    const qr = { kind: "sell" as const, amount: 100, fnNumber: "9", fdNumber: 1, fpd: "2" };
    expect(fnsQrString({ ...qr, fiscalAt: new Date("2026-07-07T11:14:00Z") }, "Europe/Berlin")).toMatch(
      /^t=20260707T1314&/,
    );
    expect(fnsQrString({ ...qr, fiscalAt: new Date("2026-12-07T11:14:00Z") }, "Europe/Berlin")).toMatch(
      /^t=20261207T1214&/,
    );
    const summer = new Date("2026-07-07T11:14:05Z");
    expect(atolTimestamp(summer, "Europe/Berlin")).toBe("07.07.2026 13:14:05");
    expect(parseAtolTimestamp("07.07.2026 13:14:05", "Europe/Berlin")).toEqual(summer);
    expect(parseAtolTimestamp("07.07.2026 14:14:05", MSK)).toEqual(summer);
    expect(
      atolRequest(
        composeSell(facts([item]), "x", summer, rates, config, seller, "Asia/Vladivostok"),
        "Asia/Vladivostok",
      ).timestamp,
    ).toBe("07.07.2026 21:14:05");
    expect(receiptDateTime(summer, MSK)).toBe("07.07.2026 14:14 (МСК)");
    expect(receiptDateTime(summer, "Europe/Berlin")).toBe("07.07.2026 13:14 (UTC+02:00)");
    const text = fiscalReceiptText(
      {
        number: 1,
        kind: "sell",
        status: "registered",
        amount: 100,
        fnNumber: "9",
        fdNumber: 1,
        fpd: "2",
        fiscalAt: summer,
        shiftNumber: 1,
        receiptInShift: 1,
        ecrRegistrationNumber: "1",
        fnsSite: "www.nalog.gov.ru",
        settledAt: summer,
      },
      null,
      { name: "ПАО «Оператор»", inn: "7707049388" },
      "Europe/Berlin",
    );
    expect(text).toContain("Дата и время / Date and time: 07.07.2026 13:14 (UTC+02:00)");
    expect(text).toContain("t=20260707T1314&s=1.00&fn=9&i=1&fp=2&n=1");
    expect(text).not.toContain("МСК");
  });

  const itemArb = fc.record({
    accountNumber: fc.constant("770000000001"),
    invoiceNumber: fc.option(fc.constant("2026-000001"), { nil: null }),
    amount: fc.integer({ min: 100, max: 10_000_000 }),
    bonusShare: fc.integer({ min: 0, max: 100 }),
  });

  it("property: a sale's lines, payments and total agree to the kopeck; VAT never exceeds its line", () => {
    fc.assert(
      fc.property(
        fc.array(itemArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 50_000 }),
        (raw, commission) => {
          const items = raw.map(({ bonusShare, ...i }) => ({
            ...i,
            bonusAmount: Math.floor((i.amount * bonusShare) / 100),
          }));
          const f = facts(items);
          const charged = f.amount - f.bonusAmount;
          const doc = composeSell(
            { ...f, commission, chargedAmount: charged + (charged > 0 ? commission : 0) },
            "x",
            new Date("2026-06-01T10:00:00Z"),
            rates,
            config,
            seller,
            MSK,
          );
          const lines = doc.items.reduce((s, i) => s + i.sum, 0);
          expect(lines).toBe(doc.total);
          expect(doc.payments.electronic + doc.payments.consideration).toBe(doc.total);
          expect(doc.payments.consideration).toBe(f.bonusAmount);
          for (const i of doc.items) expect(i.vat.sum).toBeLessThanOrEqual(i.sum);
          // The wire form in roubles adds up the same way (the sandbox checks it as a register would).
          const w = atolRequest(doc, MSK);
          const cents = (x: number) => Math.round(x * 100);
          expect(w.receipt.items.reduce((s, i) => s + cents(i.sum), 0)).toBe(cents(w.receipt.total));
          expect(w.receipt.payments.reduce((s, p) => s + cents(p.sum), 0)).toBe(cents(w.receipt.total));
        },
      ),
    );
  });

  it("property: refunds in turn add up, and never take more from a line than its card part", () => {
    fc.assert(
      fc.property(
        fc.array(itemArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 4 }),
        (raw, asks) => {
          const items = raw.map(({ bonusShare, ...i }, n) => ({
            ...i,
            accountNumber: `7700000000${String(n).padStart(2, "0")}`,
            bonusAmount: Math.floor((i.amount * bonusShare) / 100),
          }));
          const f = facts(items);
          const taken = new Map<string, number>();
          let before = 0;
          for (const ask of asks) {
            const amount = Math.min(ask, f.chargedAmount - before);
            if (amount <= 0) break;
            const paidAt = new Date("2026-06-01T10:00:00Z");
            const doc = composeRefund(
              f,
              { id: "r", amount, refundedBefore: before },
              new Date(),
              paidAt,
              rates,
              config,
              seller,
              MSK,
            );
            expect(doc.items.reduce((s, i) => s + i.sum, 0)).toBe(amount);
            expect(doc.payments).toEqual({ electronic: amount, consideration: 0 });
            for (const i of doc.items) taken.set(i.name, (taken.get(i.name) ?? 0) + i.sum);
            before += amount;
          }
          for (const i of items) {
            const name = i.invoiceNumber
              ? `Услуги связи по счёту № ${i.invoiceNumber}, лицевой счёт ${i.accountNumber}`
              : `Аванс за услуги связи, лицевой счёт ${i.accountNumber}`;
            expect(taken.get(name) ?? 0).toBeLessThanOrEqual(i.amount - i.bonusAmount);
          }
        },
      ),
    );
  });
});
