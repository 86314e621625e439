import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composeRefund, composeSell, type ReceiptPaymentFacts } from "./compose";
import { atolRequest } from "./providers/atol-wire";
import { fnsQrString } from "./text";
import { atolVatType, vatLabel } from "./vat-label";

const rates = [
  { from: "2019-01-01", to: "2025-12-31", rateBp: 2000 },
  { from: "2026-01-01", to: null, rateBp: 2200 },
];
const config = { sno: "osn" as const, email: "noreply@lk.example", paymentAddress: "https://lk.example" };
const seller = { inn: "7707049388" };

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
    const y = composeSell(facts([item]), "x", new Date("2025-12-31T23:30:00Z"), rates, config, seller);
    expect(y.items[0]!.vat).toEqual({ rateBp: 2200, calculated: true, sum: 21_64 });
    const d = composeSell(facts([item]), "x", new Date("2025-12-31T20:00:00Z"), rates, config, seller);
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
    expect(fnsQrString({ kind: "sell", ...base })).toBe("t=20261207T1414&s=1250.50&fn=9999&i=7&fp=42&n=1");
    expect(fnsQrString({ kind: "sell_refund", ...base, amount: 5 })).toBe(
      "t=20261207T1414&s=0.05&fn=9999&i=7&fp=42&n=2",
    );
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
          );
          const lines = doc.items.reduce((s, i) => s + i.sum, 0);
          expect(lines).toBe(doc.total);
          expect(doc.payments.electronic + doc.payments.consideration).toBe(doc.total);
          expect(doc.payments.consideration).toBe(f.bonusAmount);
          for (const i of doc.items) expect(i.vat.sum).toBeLessThanOrEqual(i.sum);
          // The wire form in roubles adds up the same way (the sandbox checks it as a register would).
          const w = atolRequest(doc);
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
