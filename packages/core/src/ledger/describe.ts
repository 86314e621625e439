import type { Lang } from "../context/ctx";
import { MONTHS_EN, MONTHS_RU } from "../time/index";

// A ledger entry's description is stored as the Russian text billing and payments wrote («Услуги
// связи за ноябрь 2026, счёт № 2026-0042»): it goes on the акт сверки as is, and stored rows never
// change (the ledger is append-only). An English caller is given the same sentence in English,
// translated at read time from the patterns the product itself writes; text that came from outside
// (an operator's correction, a bank payment's purpose, an agent's document) is said by the entry's
// kind and the document number it names, so an English answer carries no Russian.

const KIND_EN: Record<string, string> = {
  charge: "Charge",
  payment: "Payment",
  transfer_in: "Transfer in",
  transfer_out: "Transfer out",
  bonus: "Paid with bonuses",
  promised_payment: "Promised payment",
  promised_repayment: "Promised payment repaid",
  refund: "Refund",
  adjustment: "Adjustment",
  // The bonus journal's kinds (bonus_entries), described the same way.
  accrual: "Bonuses accrued",
  spend: "Paid with bonuses",
  release: "Bonuses returned",
  // Unallocated money's movements, by their sign.
  unallocated_in: "Bank transfer",
  unallocated_out: "Distributed to accounts",
};

/** «ноябрь 2026» → "November 2026". */
const monthEn = (ru: string) => {
  const [name, year] = ru.split(" ");
  const i = MONTHS_RU.indexOf(name as (typeof MONTHS_RU)[number]);
  return i < 0 ? ru : `${MONTHS_EN[i]} ${year}`;
};

/** « по счёту № X» / « по счёту X» → ", invoice X". */
const invoiceEn = (s: string | undefined) => (s ? `, invoice ${s.replace(/^№\s*/, "")}` : "");

/** «Платёжное поручение № 123 от 05.12.2026» → "Payment order No. 123 of 05.12.2026". */
const documentEn = (s: string) =>
  s
    .replace(/^Платёжное поручение № (\S+) от (\S+)$/, "Payment order No. $1 of $2")
    .replace(/^Распределение нераспределённых средств$/, "Distribution of unallocated money");

const MONTH = "([а-яё]+ \\d{4})";
const INV = "(?: по счёту (№ ?\\S+|\\S+))?";

/** The product's own sentences, Russian → English. */
const PATTERNS: [RegExp, (...m: string[]) => string][] = [
  [
    new RegExp(`^Услуги связи за ${MONTH}, счёт № (\\S+)$`),
    (p, n) => `Telecom services for ${monthEn(p!)}, invoice No. ${n}`,
  ],
  [
    new RegExp(`^Перерасчёт аванса за ${MONTH}, счёт № (\\S+)$`),
    (p, n) => `Advance recalculated for ${monthEn(p!)}, invoice No. ${n}`,
  ],
  [
    new RegExp(`^Абонентская плата за ${MONTH} \\(аванс\\)$`),
    (p) => `Subscription fee for ${monthEn(p!)} (advance)`,
  ],
  [/^Абонентская плата$/, () => "Subscription fee"],
  [new RegExp(`^Оплата картой${INV}$`), (i) => `Card payment${invoiceEn(i)}`],
  [new RegExp(`^Оплата \\(автоплатёж\\)${INV}$`), (i) => `Payment (autopay)${invoiceEn(i)}`],
  [new RegExp(`^Оплата бонусами${INV}$`), (i) => `Paid with bonuses${invoiceEn(i)}`],
  [/^Оплата по платёжному поручению № (\S+)$/, (n) => `Payment by payment order No. ${n}`],
  [/^Оплата: (.+?)(?: по счёту (\S+))?$/, (what, i) => `Payment: ${documentEn(what!)}${invoiceEn(i)}`],
  [/^Оплата$/, () => "Payment"],
  [/^Возврат платежа$/, () => "Payment refund"],
  [/^Возврат бонусов: платёж не прошёл$/, () => "Bonuses returned: the payment failed"],
  [/^Начисление бонусов за платёж$/, () => "Bonuses accrued for a payment"],
  [/^Сторнирование: (.+)$/, (why) => `Reversal: ${why}`],
  [/^Погашение обещанного платежа$/, () => "Promised payment repaid"],
  [/^Доверительный платёж$/, () => "Trust payment"],
  [/^Обещанный платёж$/, () => "Promised payment"],
  [/^Перевод на другие лицевые счета$/, () => "Transfer to other accounts"],
  [/^Перевод с другого лицевого счёта$/, () => "Transfer from another account"],
  [/^Корректировка$/, () => "Adjustment"],
  // The company's unallocated money (bank-statements/unallocated.ts).
  [/^Платёжное поручение № (\S+) от (\S+)$/, (n, d) => `Payment order No. ${n} of ${d}`],
  [/^Распределено на лицевые счета$/, () => "Distributed to accounts"],
];

const CYRILLIC = /[а-яё]/i;

/** The entry's kind in English, with the document number the text names (№ 123), if any. */
const kindOnly = (kind: string, description: string) => {
  const ref = /№\s*([\w/.-]+)/.exec(description)?.[1];
  return `${KIND_EN[kind] ?? "Operation"}${ref ? `, No. ${ref}` : ""}`;
};

/** The entry's description in the caller's language (stored text is Russian). */
export function describeEntry(kind: string, description: string, lang: Lang): string {
  if (lang === "ru" || !CYRILLIC.test(description)) return description;
  for (const [re, en] of PATTERNS) {
    const m = re.exec(description);
    if (!m) continue;
    const text = en(...m.slice(1).map((x) => x ?? ""));
    // Words from outside the product (an agent's or a bank's) stay Russian: then the kind says it.
    return CYRILLIC.test(text) ? kindOnly(kind, description) : text;
  }
  // Someone else's words (an operator's correction): the kind and the document number in English.
  return kindOnly(kind, description);
}
