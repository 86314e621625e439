import QRCode from "qrcode";
import { type OperatorDetails, primaryBankAccount } from "../../config";

// The payment QR of ГОСТ Р 56042-2014 («Стандарты финансовых операций. Двумерные символы
// штрихового кода для осуществления платежей физических лиц»), which bank apps read to fill a
// payment order: `ST0001` + the encoding flag (`2` = UTF-8), then `|Key=Value` pairs. Required:
// Name, PersonalAcc, BankName, BIC, CorrespAcc; we add PayeeINN, KPP, Purpose and Sum (kopecks).

/** Field lengths the standard allows (characters). */
const MAX: Record<string, number> = {
  Name: 160,
  PersonalAcc: 20,
  BankName: 45,
  BIC: 9,
  CorrespAcc: 20,
  PayeeINN: 12,
  KPP: 9,
  Purpose: 210,
  Sum: 18,
};

/** `|` separates fields and no escape exists: it is replaced; line breaks become spaces. */
const clean = (v: string) => v.replace(/[|]/g, "/").replace(/\s+/g, " ").trim();

export interface GostPayment {
  operator: OperatorDetails;
  /** What the payer's bank writes as the payment's purpose: carries the invoice number. */
  purpose: string;
  /** Kopecks. */
  sum: number;
}

/** `ST00012|Name=…|PersonalAcc=…|…|Sum=…` for a payment to the operator. */
export function gostQrPayload(p: GostPayment): string {
  // The account the invoice prints (the first configured; config.ts): the QR pays the same one.
  const o = primaryBankAccount(p.operator);
  const fields: [string, string][] = [
    ["Name", o.recipient],
    ["PersonalAcc", o.account],
    ["BankName", o.bankName],
    ["BIC", o.bic],
    ["CorrespAcc", o.correspondentAccount],
    ["PayeeINN", o.inn],
    ["KPP", o.kpp],
    ["Purpose", p.purpose],
    ["Sum", String(p.sum)],
  ];
  return `ST00012${fields.map(([k, v]) => `|${k}=${clean(v).slice(0, MAX[k])}`).join("")}`;
}

/** A GOST payload's fields by name (what a bank app reads back). */
export function parseGostQr(payload: string): Record<string, string> {
  const [head, ...pairs] = payload.split("|");
  if (head !== "ST00012") throw new Error(`not a UTF-8 ГОСТ Р 56042 payload: ${head}`);
  return Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]));
}

/**
 * The QR purpose: the invoice's purpose when it fits the standard's 210 characters, else its
 * opening — which starts with «Оплата … по счёту № <number> от <date>», the form the statement
 * matcher reads — cut at a word.
 */
export function qrPurpose(purpose: string): string {
  const s = clean(purpose);
  if (s.length <= MAX.Purpose!) return s;
  const cut = s.slice(0, MAX.Purpose! - 1);
  return `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}

// Error correction M (15 %): survives a crease or a stamp on a printed bill; byte mode (UTF-8).
const OPTS = { errorCorrectionLevel: "M" as const, margin: 4 };

/** The QR as PNG (for the PDF). `scale`: pixels per module. */
export const qrPng = (payload: string, scale = 8): Promise<Buffer> =>
  QRCode.toBuffer(payload, { ...OPTS, type: "png", scale });

/** The QR as SVG (for the portal's screen). */
export const qrSvg = (payload: string): Promise<string> => QRCode.toString(payload, { ...OPTS, type: "svg" });
