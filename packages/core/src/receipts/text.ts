import type { ReceiptRow } from "@lk/db";
import type { OperatorDetails } from "../config";
import { rub } from "../money/format";
import { receiptNo } from "./number";
import type { ReceiptDocument } from "./provider";
import { vatLabel } from "./vat-label";

const MSK_MS = 3 * 3_600_000;
const p2 = (n: number) => String(n).padStart(2, "0");
const msk = (d: Date) => new Date(d.getTime() + MSK_MS);

/** «07.12.2026 17:14» in Moscow time (UTC+3 all year): what a person reads on a receipt. */
export function moscowDateTime(d: Date): string {
  const m = msk(d);
  return `${p2(m.getUTCDate())}.${p2(m.getUTCMonth() + 1)}.${m.getUTCFullYear()} ${p2(m.getUTCHours())}:${p2(m.getUTCMinutes())}`;
}

/**
 * The string of the ФНС check QR code (приказ ФНС ММВ-7-20/229@): date and time of the receipt in
 * local time, its total in roubles, ФН, ФД, ФПД and the признак расчёта (1 приход, 2 возврат прихода).
 */
export function fnsQrString(r: {
  kind: ReceiptRow["kind"];
  amount: number;
  fiscalAt: Date;
  fnNumber: string;
  fdNumber: number;
  fpd: string;
}): string {
  const m = msk(r.fiscalAt);
  const t = `${m.getUTCFullYear()}${p2(m.getUTCMonth() + 1)}${p2(m.getUTCDate())}T${p2(m.getUTCHours())}${p2(m.getUTCMinutes())}`;
  const s = `${Math.trunc(r.amount / 100)}.${p2(r.amount % 100)}`;
  return `t=${t}&s=${s}&fn=${r.fnNumber}&i=${r.fdNumber}&fp=${r.fpd}&n=${r.kind === "sell" ? 1 : 2}`;
}

const SNO: Record<string, string> = {
  osn: "ОСН",
  usn_income: "УСН доход",
  usn_income_outcome: "УСН доход − расход",
  esn: "ЕСХН",
  patent: "ПСН",
};

/**
 * A fiscal receipt as a person reads it (the e-mail and the downloadable receipt): the ФФД 1.2
 * requisites of the document that was sent and, once registered, the fiscal attributes and the
 * ФНС check QR's string. Never an id.
 */
export function fiscalReceiptText(
  r: Pick<
    ReceiptRow,
    | "number"
    | "kind"
    | "status"
    | "amount"
    | "fnNumber"
    | "fdNumber"
    | "fpd"
    | "fiscalAt"
    | "shiftNumber"
    | "receiptInShift"
    | "ecrRegistrationNumber"
    | "fnsSite"
    | "settledAt"
  >,
  doc: ReceiptDocument | null,
  operator: Pick<OperatorDetails, "name" | "inn">,
): string {
  const kind = r.kind === "sell" ? "ПРИХОД / SALE" : "ВОЗВРАТ ПРИХОДА / SALE REFUND";
  const lines = [`КАССОВЫЙ ЧЕК / FISCAL RECEIPT № ${receiptNo(r.number)}`, kind];
  lines.push(`${operator.name}, ИНН ${operator.inn}`);
  if (doc) {
    lines.push(`Место расчётов / Place: ${doc.company.paymentAddress}`);
    lines.push(`СНО / Tax system: ${SNO[doc.company.sno] ?? doc.company.sno}`);
    doc.items.forEach((i, n) => {
      lines.push(`${n + 1}. ${i.name}`);
      lines.push(`   1 × ${rub(i.sum)} = ${rub(i.sum)}`);
      lines.push(
        `   ${i.paymentMethod === 3 ? "Аванс / Advance" : "Полный расчёт / Full payment"}; услуга / service; ${vatLabel(i.vat)}: ${rub(i.vat.sum)}`,
      );
    });
    lines.push(`ИТОГ / TOTAL: ${rub(doc.total)}`);
    if (doc.payments.electronic > 0)
      lines.push(`  Безналичными / Electronic: ${rub(doc.payments.electronic)}`);
    if (doc.payments.consideration > 0)
      lines.push(
        `  Встречным предоставлением (бонусы) / Consideration (bonuses): ${rub(doc.payments.consideration)}`,
      );
    const vats = new Map<string, number>();
    for (const i of doc.items) vats.set(vatLabel(i.vat), (vats.get(vatLabel(i.vat)) ?? 0) + i.vat.sum);
    for (const [label, sum] of vats) lines.push(`  Сумма ${label} / VAT: ${rub(sum)}`);
    if (doc.client.name) lines.push(`Покупатель / Buyer: ${doc.client.name}, ИНН ${doc.client.inn ?? ""}`);
    if (doc.client.email) lines.push(`Эл. адрес покупателя / Buyer's e-mail: ${doc.client.email}`);
    if (doc.client.phone) lines.push(`Телефон покупателя / Buyer's phone: ${doc.client.phone}`);
    lines.push(`Эл. адрес отправителя / Sender: ${doc.company.email}`);
  } else {
    lines.push(`ИТОГ / TOTAL: ${rub(r.amount)}`);
  }
  if (r.status === "registered" && r.fiscalAt && r.fnNumber && r.fdNumber !== null && r.fpd) {
    lines.push(
      `Дата и время / Date and time: ${moscowDateTime(r.fiscalAt)} (МСК)`,
      `ФН № ${r.fnNumber}`,
      `ФД № ${r.fdNumber}`,
      `ФПД ${r.fpd}`,
      `РН ККТ ${r.ecrRegistrationNumber ?? ""}`,
      `Смена № ${r.shiftNumber ?? ""}, чек за смену № ${r.receiptInShift ?? ""}`,
      `Сайт ФНС / Tax service site: ${r.fnsSite ?? "www.nalog.gov.ru"}`,
      `QR-код проверки чека / Check QR: ${fnsQrString({ kind: r.kind, amount: r.amount, fiscalAt: r.fiscalAt, fnNumber: r.fnNumber, fdNumber: r.fdNumber, fpd: r.fpd })}`,
    );
  } else if (r.status === "failed") {
    lines.push(
      "Чек не зарегистрирован кассой; оператор разбирается / Not registered by the cash register; the operator is on it",
    );
  } else {
    lines.push(
      `Дата / Date: ${moscowDateTime(r.settledAt)} (МСК)`,
      "Чек регистрируется в кассе; фискальные данные появятся здесь / Being registered; the fiscal data will appear here",
    );
  }
  return `${lines.join("\n")}\n`;
}
