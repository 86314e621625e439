import type { OperatorDetails } from "../config";
import { rub } from "../money/format";
import type { PaymentView } from "./load";

/** A plain-text receipt in Russian with English labels: what was paid, to which account, and how. */
export function receiptText(p: PaymentView, operator: OperatorDetails): string {
  const sbp = p.method === "sbp";
  const lines = [
    `КВИТАНЦИЯ ОБ ОПЛАТЕ / PAYMENT RECEIPT № ${p.id}`,
    `${operator.name}, ИНН ${operator.inn}, КПП ${operator.kpp}`,
    `Дата / Date: ${(p.succeededAt ?? p.updatedAt).toISOString()}`,
    `Статус / Status: ${p.status}`,
    ...(sbp ? ["Способ оплаты / Method: СБП (Система быстрых платежей) / SBP (Faster Payments)"] : []),
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
    sbp
      ? `  оплачено по СБП / paid via SBP: ${rub(p.amount - p.bonusAmount)}`
      : `  оплачено картой / paid by card: ${rub(p.amount - p.bonusAmount)}${p.cardMask ? ` (${p.cardMask})` : ""}`,
    `Комиссия / Commission: ${rub(p.commission)}`,
    sbp
      ? `Переведено по СБП / Transferred via SBP: ${rub(p.chargedAmount)}`
      : `Списано с карты / Charged to the card: ${rub(p.chargedAmount)}`,
  ];
  if (p.refundedAmount > 0) lines.push(`Возвращено / Refunded: ${rub(p.refundedAmount)}`);
  return `${lines.join("\n")}\n`;
}

/** The SMS receipt: the amount credited, written as on the receipt, and the receipt's number. */
export const receiptSms = (p: Pick<PaymentView, "id" | "amount">): string =>
  `Платёж ${rub(p.amount)} зачислен. Квитанция № ${p.id}`;
