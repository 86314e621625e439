import type { ReceiptRow } from "@lk/db";
import type { OperatorDetails } from "../config";
import { rub } from "../money/format";
import { dateTimeText } from "../time/format";
import { DEFAULT_TIME_ZONE, wallTime } from "../time/zone";
import { receiptNo } from "./number";
import type { ReceiptDocument } from "./provider";
import { vatLabel } from "./vat-label";

const p2 = (n: number) => String(n).padStart(2, "0");

/**
 * «07.12.2026 17:14 (МСК)»: the local time in the operator's zone (ctx.config.timeZone, ADR 0080),
 * what a person reads on a receipt; another zone says its offset «… (UTC+02:00)».
 */
export function receiptDateTime(d: Date, tz: string): string {
  return tz === DEFAULT_TIME_ZONE ? `${dateTimeText(d, tz)} (МСК)` : dateTimeText(d, tz, { zone: true });
}

/**
 * The string of the ФНС check QR code (приказ ФНС ММВ-7-20/229@): date and time of the receipt in
 * local time (the register's: the operator's zone), its total in roubles, ФН, ФД, ФПД and the признак расчёта (1 приход, 2 возврат прихода).
 */
export function fnsQrString(
  r: {
    kind: ReceiptRow["kind"];
    amount: number;
    fiscalAt: Date;
    fnNumber: string;
    fdNumber: number;
    fpd: string;
  },
  tz: string,
): string {
  const m = wallTime(r.fiscalAt, tz);
  const t = `${m.year}${p2(m.month)}${p2(m.day)}T${p2(m.hour)}${p2(m.minute)}`;
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
  tz: string,
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
      `Дата и время / Date and time: ${receiptDateTime(r.fiscalAt, tz)}`,
      `ФН № ${r.fnNumber}`,
      `ФД № ${r.fdNumber}`,
      `ФПД ${r.fpd}`,
      `РН ККТ ${r.ecrRegistrationNumber ?? ""}`,
      `Смена № ${r.shiftNumber ?? ""}, чек за смену № ${r.receiptInShift ?? ""}`,
      `Сайт ФНС / Tax service site: ${r.fnsSite ?? "www.nalog.gov.ru"}`,
      `QR-код проверки чека / Check QR: ${fnsQrString({ kind: r.kind, amount: r.amount, fiscalAt: r.fiscalAt, fnNumber: r.fnNumber, fdNumber: r.fdNumber, fpd: r.fpd }, tz)}`,
    );
  } else if (r.status === "failed") {
    lines.push(
      "Чек не зарегистрирован кассой; оператор разбирается / Not registered by the cash register; the operator is on it",
    );
  } else {
    lines.push(
      `Дата / Date: ${receiptDateTime(r.settledAt, tz)}`,
      "Чек регистрируется в кассе; фискальные данные появятся здесь / Being registered; the fiscal data will appear here",
    );
  }
  return `${lines.join("\n")}\n`;
}
