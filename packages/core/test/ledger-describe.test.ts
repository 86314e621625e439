import { describe, expect, it } from "vitest";
import { describeEntry } from "../src/ledger/describe";

// Every sentence the product writes into the ledger (and the bonus journal), in English for an
// English caller, with no Russian left; Russian callers get the stored text untouched.

const cases: [string, string, string][] = [
  [
    "charge",
    "Услуги связи за ноябрь 2026, счёт № 2026-0042",
    "Telecom services for November 2026, invoice No. 2026-0042",
  ],
  [
    "adjustment",
    "Перерасчёт аванса за декабрь 2026, счёт № 7",
    "Advance recalculated for December 2026, invoice No. 7",
  ],
  ["charge", "Абонентская плата за январь 2027 (аванс)", "Subscription fee for January 2027 (advance)"],
  ["charge", "Абонентская плата", "Subscription fee"],
  ["payment", "Оплата картой", "Card payment"],
  ["payment", "Оплата картой по счёту 2026-0042", "Card payment, invoice 2026-0042"],
  ["payment", "Оплата (автоплатёж)", "Payment (autopay)"],
  ["bonus", "Оплата бонусами по счёту 2026-0042", "Paid with bonuses, invoice 2026-0042"],
  ["payment", "Оплата по платёжному поручению № 103", "Payment by payment order No. 103"],
  [
    "payment",
    "Оплата: Платёжное поручение № 123 от 05.12.2026 по счёту 2026-0042",
    "Payment: Payment order No. 123 of 05.12.2026, invoice 2026-0042",
  ],
  ["payment", "Оплата: Распределение нераспределённых средств", "Payment: Distribution of unallocated money"],
  ["refund", "Возврат платежа", "Payment refund"],
  ["promised_payment", "Обещанный платёж", "Promised payment"],
  ["promised_payment", "Доверительный платёж", "Trust payment"],
  ["promised_repayment", "Погашение обещанного платежа", "Promised payment repaid"],
  ["transfer_out", "Перевод на другие лицевые счета", "Transfer to other accounts"],
  ["transfer_in", "Перевод с другого лицевого счёта", "Transfer from another account"],
  ["accrual", "Начисление бонусов за платёж", "Bonuses accrued for a payment"],
  ["release", "Возврат бонусов: платёж не прошёл", "Bonuses returned: the payment failed"],
  ["unallocated_in", "Платёжное поручение № 123 от 05.12.2026", "Payment order No. 123 of 05.12.2026"],
  ["unallocated_out", "Распределено на лицевые счета", "Distributed to accounts"],
  // Words from outside the product: the kind and the document number, no Russian.
  ["adjustment", "Компенсация за простой по акту № 15", "Adjustment, No. 15"],
  ["payment", "Оплата: Сбербанк Онлайн, txn 9876", "Payment"],
  ["refund", "Сторнирование: отмена платежа агентом", "Refund"],
];

describe("ledger descriptions", () => {
  it.each(cases)("%s «%s» in English", (kind, ru, en) => {
    expect(describeEntry(kind, ru, "en")).toBe(en);
    expect(describeEntry(kind, ru, "en")).not.toMatch(/[а-яё]/i);
  });
  it("gives Russian callers the stored text", () => {
    for (const [kind, ru] of cases) expect(describeEntry(kind, ru, "ru")).toBe(ru);
  });
  it("leaves text with no Russian as written", () => {
    expect(describeEntry("adjustment", "Goodwill credit", "en")).toBe("Goodwill credit");
  });
});
