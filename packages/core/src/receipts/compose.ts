import { allocate } from "../payments/pricing";
import { localDate } from "../time/zone";
import { type VatRate, vatIncluded, vatRateOn } from "../vat/index";
import type { ReceiptDocument, ReceiptItem, TaxSystem } from "./provider";

/** The seller's side of every receipt, from configuration (LK_RECEIPT_SNO, LK_RECEIPT_EMAIL, …). */
export interface ReceiptsConfig {
  /** Система налогообложения (tag 1055). */
  sno: TaxSystem;
  /** The seller's e-mail on the receipt (tag 1117). */
  email: string;
  /** Место расчётов (tag 1187): the site where payments are taken. */
  paymentAddress: string;
}

export interface ReceiptPaymentFacts {
  id: string;
  amount: number;
  bonusAmount: number;
  commission: number;
  chargedAmount: number;
  receiptEmail: string | null;
  receiptPhone: string | null;
  /** Whether the company itself is the buyer (its cabinet, its autopay): its name and INN go on. */
  companyBuyer: { name: string; inn: string } | null;
  /** Who to send the receipt to when the payer gave no contact (the cabinet user's e-mail…). */
  fallbackContact: { email?: string | undefined; phone?: string | undefined };
  items: {
    accountNumber: string;
    invoiceNumber: string | null;
    amount: number;
    bonusAmount: number;
  }[];
}

const COMMISSION_NAME = "Комиссия за приём платежа";

function itemName(i: ReceiptPaymentFacts["items"][number]): string {
  return i.invoiceNumber
    ? `Услуги связи по счёту № ${i.invoiceNumber}, лицевой счёт ${i.accountNumber}`
    : `Аванс за услуги связи, лицевой счёт ${i.accountNumber}`;
}

/**
 * One line of a receipt: a top-up of an account is an advance (1214 = 3, VAT at the calculated
 * rate 22/122), a payment of an issued invoice is a full settlement (1214 = 4, VAT 22 %); both are
 * services (1212 = 4). The rate is the one valid on the settlement's day (dated rates in billing).
 */
function line(name: string, sum: number, advance: boolean, rateBp: number): ReceiptItem {
  return {
    name,
    sum,
    quantity: 1,
    paymentMethod: advance ? 3 : 4,
    paymentObject: 4,
    vat: { rateBp, calculated: advance, sum: vatIncluded(sum, rateBp) },
  };
}

function client(p: ReceiptPaymentFacts): ReceiptDocument["client"] {
  const c: ReceiptDocument["client"] = {};
  const email = p.receiptEmail ?? (p.receiptPhone ? undefined : p.fallbackContact.email);
  const phone = p.receiptPhone ?? (email ? undefined : p.fallbackContact.phone);
  if (email) c.email = email;
  if (phone) c.phone = phone;
  if (p.companyBuyer) {
    c.name = p.companyBuyer.name;
    c.inn = p.companyBuyer.inn;
  }
  return c;
}

function company(config: ReceiptsConfig, seller: { inn: string }): ReceiptDocument["company"] {
  return { inn: seller.inn, email: config.email, sno: config.sno, paymentAddress: config.paymentAddress };
}

/**
 * The приход receipt of a payment: one line per account or invoice at its whole amount (bonuses
 * included), a commission line when one was charged; paid electronically (the card or SBP part,
 * tag 1081) and by встречное предоставление (the bonuses, tag 1217) — ADR 0078.
 */
export function composeSell(
  p: ReceiptPaymentFacts,
  externalId: string,
  at: Date,
  rates: VatRate[],
  config: ReceiptsConfig,
  seller: { inn: string },
  /** The operator's zone (ctx.config.timeZone): the business day whose VAT rate applies. */
  tz: string,
): ReceiptDocument {
  const rateBp = vatRateOn(rates, localDate(at, tz));
  const items = p.items.map((i) => line(itemName(i), i.amount, i.invoiceNumber === null, rateBp));
  const commission = p.chargedAmount > 0 ? p.commission : 0;
  if (commission > 0) items.push(line(COMMISSION_NAME, commission, false, rateBp));
  const total = items.reduce((s, i) => s + i.sum, 0);
  return {
    externalId,
    operation: "sell",
    at: at.toISOString(),
    company: company(config, seller),
    client: client(p),
    items,
    payments: { electronic: total - p.bonusAmount, consideration: p.bonusAmount },
    total,
  };
}

/**
 * The возврат прихода receipt of a refund: the refund comes out of the items' card parts in item
 * order after what earlier refunds took (as refundPayment allocates it), each line with its
 * original признак способа расчёта; paid back electronically.
 */
export function composeRefund(
  p: ReceiptPaymentFacts,
  refund: { id: string; amount: number; refundedBefore: number },
  at: Date,
  /** When the payment was settled: a возврат прихода carries the rate of the приход it undoes. */
  paidAt: Date,
  rates: VatRate[],
  config: ReceiptsConfig,
  seller: { inn: string },
  tz: string,
): ReceiptDocument {
  const rateBp = vatRateOn(rates, localDate(paidAt, tz));
  const cardParts = p.items.map((i) => i.amount - i.bonusAmount);
  const already = allocate(cardParts, refund.refundedBefore);
  const parts = allocate(
    cardParts.map((c, n) => c - (already[n] ?? 0)),
    refund.amount,
  );
  const items = p.items.flatMap((i, n) =>
    (parts[n] ?? 0) > 0 ? [line(itemName(i), parts[n]!, i.invoiceNumber === null, rateBp)] : [],
  );
  return {
    externalId: `lk-refund-${refund.id}`,
    operation: "sell_refund",
    at: at.toISOString(),
    company: company(config, seller),
    client: client(p),
    items,
    payments: { electronic: refund.amount, consideration: 0 },
    total: refund.amount,
  };
}
