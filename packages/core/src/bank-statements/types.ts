/** One credit document of a statement, as read from the file (1C «Клиент банка» or camt.053). */
export interface StatementDocument {
  /** Line of the file where the document starts (СекцияДокумент, or the camt <Ntry>). */
  line: number;
  /** The bank document's identity: the same payment in any statement has the same key. */
  naturalKey: string;
  /** Kind of document as the bank names it (Платежное поручение, …). */
  kind: string;
  number: string;
  /** YYYY-MM-DD */
  date: string;
  receivedOn: string | null;
  /** Kopecks, > 0. */
  amount: number;
  payerName: string | null;
  payerInn: string | null;
  payerKpp: string | null;
  payerAccount: string | null;
  recipientAccount: string;
  purpose: string;
}

/** A document that could not be read; the rest of the file still applies. */
export interface UnreadableDocument {
  line: number;
  message: string;
}

export interface ParsedStatement {
  format: "1c" | "camt053";
  /** Credits to one of `ownAccounts` only. */
  documents: StatementDocument[];
  unreadable: UnreadableDocument[];
  /** Documents read that are not credits to the operator's accounts (debits, other accounts). */
  skipped: number;
}

/** The whole file is unusable (bad header, wrong encoding, cut short, broken XML): nothing applies. */
export class StatementFormatError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** "1 500,00", "1500.00", "1500" → kopecks, exactly (no floating point); null if not an amount. */
export function parseRubles(s: string): number | null {
  const t = s.replace(/[\s\u00a0]/g, "").replace(",", ".");
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** DD.MM.YYYY → YYYY-MM-DD, or null. */
export function parseRuDate(s: string): string | null {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s.trim());
  if (!m) return null;
  // A real calendar day, checked by arithmetic (two Date objects a document cost more than the
  // rest of its fields on a 100 000-document statement).
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

/** The natural key shared by both formats: payer's account, document number, date, amount. */
export const naturalKey = (payerAccount: string | null, number: string, date: string, amount: number) =>
  `${payerAccount ?? "-"}|${number}|${date}|${amount}`;
