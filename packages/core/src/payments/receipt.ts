import { type Queryable, type ReceiptRow, receipts } from "@lk/db";
import { asc, eq } from "drizzle-orm";
import type { OperatorDetails } from "../config";
import { rub } from "../money/format";
import { receiptNo } from "../receipts/number";
import type { ReceiptDocument } from "../receipts/provider";
import { fiscalReceiptText, receiptDateTime } from "../receipts/text";
import type { PaymentView } from "./load";

/** A payment's fiscal receipt with the document it was (or will be) registered with. */
export interface FiscalReceipt {
  row: ReceiptRow;
  document: ReceiptDocument | null;
}

const STATUS: Record<string, string> = {
  pending: "Ожидает оплаты / Awaiting payment",
  requires_action: "Ожидает подтверждения / Awaiting confirmation",
  succeeded: "Оплачен / Paid",
  failed: "Не прошёл / Failed",
  canceled: "Отменён / Canceled",
  refunded: "Возвращён / Refunded",
};

const BY: Record<string, { paid: string; charged: string }> = {
  sbp: { paid: "оплачено по СБП / paid via SBP", charged: "Переведено по СБП / Transferred via SBP" },
  default: { paid: "оплачено картой / paid by card", charged: "Списано с карты / Charged to the card" },
};

/** The payment's part of the receipt, line by line (the text and the PDF both print it). */
export function paymentReceiptLines(
  p: PaymentView,
  operator: OperatorDetails,
  tz: string,
  fiscal: FiscalReceipt[] = [],
): string[] {
  const sell = fiscal.find((f) => f.row.kind === "sell");
  const by = BY[p.method] ?? BY.default!;
  const lines = [
    `КВИТАНЦИЯ ОБ ОПЛАТЕ / PAYMENT RECEIPT${sell ? ` № ${receiptNo(sell.row.number)}` : ""}`,
    `${operator.name}, ИНН ${operator.inn}, КПП ${operator.kpp}`,
    `Дата / Date: ${receiptDateTime(p.succeededAt ?? p.updatedAt, tz)}`,
    `Статус / Status: ${STATUS[p.status] ?? p.status}`,
    ...(p.method === "sbp"
      ? ["Способ оплаты / Method: СБП (Система быстрых платежей) / SBP (Faster Payments)"]
      : []),
    "",
    "Назначение / Paid for:",
    ...p.items.map(
      (i) =>
        `  Лицевой счёт / Account ${i.accountNumber}${i.invoiceNumber ? `, счёт / invoice ${i.invoiceNumber}` : ""}: ${rub(i.amount)}` +
        (i.bonusAmount > 0 ? ` (бонусами / with bonuses ${rub(i.bonusAmount)})` : ""),
    ),
    "",
    `Итого зачислено / Credited: ${rub(p.amount)}`,
    `  оплачено бонусами / paid with bonuses: ${rub(p.bonusAmount)}`,
    `  ${by.paid}: ${rub(p.amount - p.bonusAmount)}${p.cardMask ? ` (${p.cardMask})` : ""}`,
    `Комиссия / Commission: ${rub(p.commission)}`,
    `${by.charged}: ${rub(p.chargedAmount)}`,
  ];
  if (p.refundedAmount > 0) lines.push(`Возвращено / Refunded: ${rub(p.refundedAmount)}`);
  return lines;
}

/** A payment's fiscal receipts with their documents, as the download and the e-mailed PDF print them. */
export async function fiscalReceiptsOf(db: Queryable, paymentId: string): Promise<FiscalReceipt[]> {
  const list = await db
    .select()
    .from(receipts)
    .where(eq(receipts.paymentId, paymentId))
    .orderBy(asc(receipts.number));
  return list.map((row) => ({ row, document: row.document as ReceiptDocument | null }));
}

/** The payment's fiscal receipts in the order they were made: приход, then each возврат прихода. */
export const fiscalInOrder = (fiscal: FiscalReceipt[]) =>
  [...fiscal].sort((a, b) => a.row.number - b.row.number);

/**
 * A plain-text receipt in Russian with English labels: what was paid, to which account, and how,
 * then the payment's fiscal receipts (приход, and возврат прихода for each refund) with their
 * fiscal data once registered. People read it: a human number and the operator's local time, never
 * an id. The PDF (receipt-pdf.ts) prints the same with the ФНС check QR as an image.
 */
export function receiptText(
  p: PaymentView,
  operator: OperatorDetails,
  tz: string,
  fiscal: FiscalReceipt[] = [],
): string {
  const lines = paymentReceiptLines(p, operator, tz, fiscal);
  const parts = fiscalInOrder(fiscal).map((f) => fiscalReceiptText(f.row, f.document, operator, tz));
  return `${[lines.join("\n"), ...parts.map((x) => x.trimEnd())].join("\n\n")}\n`;
}

/** The SMS receipt: the amount credited, written as on the receipt, and the receipt's human number. */
export const receiptSms = (p: Pick<PaymentView, "amount">, receiptNumber: number | null = null): string =>
  `Платёж ${rub(p.amount)} зачислен.${receiptNumber === null ? "" : ` Чек № ${receiptNo(receiptNumber)}`}`;
