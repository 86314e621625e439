import { localInstant, wallTime } from "../../time/zone";
import type { FiscalData, ReceiptDocument } from "../provider";
import { atolVatType } from "../vat-label";

// АТОЛ Онлайн v5 wire format (ФФД 1.2): money in roubles with kopecks as decimals, dates as
// «dd.MM.yyyy HH:mm:ss» without a zone: the register's local time, which is the operator's
// configured zone (LK_TIME_ZONE, ADR 0080), enumerations as АТОЛ names them.

const roubles = (kopecks: number) => Math.round(kopecks) / 100;
const p2 = (n: number) => String(n).padStart(2, "0");

export function atolTimestamp(d: Date, tz: string): string {
  const w = wallTime(d, tz);
  return `${p2(w.day)}.${p2(w.month)}.${w.year} ${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}`;
}

export function parseAtolTimestamp(s: string, tz: string): Date | undefined {
  const m = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  if (!m) return undefined;
  const [day, month, year, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number);
  const t = localInstant(
    { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! },
    tz,
  );
  return Number.isNaN(t.getTime()) ? undefined : t;
}

/** The request body of POST /possystem/v5/{group_code}/{sell|sell_refund}. */
export function atolRequest(doc: ReceiptDocument, tz: string) {
  const vats = new Map<string, number>();
  for (const i of doc.items) {
    const type = atolVatType(i.vat);
    vats.set(type, (vats.get(type) ?? 0) + i.vat.sum);
  }
  const client: Record<string, string> = {};
  if (doc.client.email) client.email = doc.client.email;
  if (doc.client.phone) client.phone = doc.client.phone;
  if (doc.client.name) client.name = doc.client.name;
  if (doc.client.inn) client.inn = doc.client.inn;
  const payments = [
    ...(doc.payments.electronic > 0 ? [{ type: 1, sum: roubles(doc.payments.electronic) }] : []),
    // 4 = иная форма оплаты (встречное предоставление, tag 1217): the bonuses.
    ...(doc.payments.consideration > 0 ? [{ type: 4, sum: roubles(doc.payments.consideration) }] : []),
  ];
  return {
    external_id: doc.externalId,
    timestamp: atolTimestamp(new Date(doc.at), tz),
    receipt: {
      client,
      company: {
        email: doc.company.email,
        sno: doc.company.sno,
        inn: doc.company.inn,
        payment_address: doc.company.paymentAddress,
      },
      items: doc.items.map((i) => ({
        name: i.name,
        price: roubles(i.sum),
        quantity: i.quantity,
        sum: roubles(i.sum),
        measure: 0,
        payment_method: i.paymentMethod === 3 ? "advance" : "full_payment",
        payment_object: i.paymentObject,
        vat: { type: atolVatType(i.vat), sum: roubles(i.vat.sum) },
      })),
      payments,
      vats: [...vats].map(([type, sum]) => ({ type, sum: roubles(sum) })),
      total: roubles(doc.total),
    },
  };
}
export type AtolRequest = ReturnType<typeof atolRequest>;

/** The `payload` of a `done` report, as fiscal data; undefined when a field is missing or bad. */
export function parseAtolPayload(payload: unknown, tz: string): FiscalData | undefined {
  if (!payload || typeof payload !== "object") return undefined;
  const p = payload as Record<string, unknown>;
  const str = (k: string) =>
    typeof p[k] === "string" || typeof p[k] === "number" ? String(p[k]) : undefined;
  const int = (k: string) => {
    const v = Number(p[k]);
    return Number.isSafeInteger(v) ? v : undefined;
  };
  const at = typeof p.receipt_datetime === "string" ? parseAtolTimestamp(p.receipt_datetime, tz) : undefined;
  const fnNumber = str("fn_number");
  const fdNumber = int("fiscal_document_number");
  const fpd = str("fiscal_document_attribute");
  const ecr = str("ecr_registration_number");
  if (!at || !fnNumber || fdNumber === undefined || !fpd || !ecr) return undefined;
  return {
    fnNumber,
    fdNumber,
    fpd,
    at,
    shiftNumber: int("shift_number") ?? 0,
    receiptInShift: int("fiscal_receipt_number") ?? 0,
    ecrRegistrationNumber: ecr,
    fnsSite: str("fns_site") ?? "www.nalog.gov.ru",
  };
}
