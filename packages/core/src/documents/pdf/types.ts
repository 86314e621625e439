import type { OperatorDetails } from "../../config";

export interface Party {
  name: string;
  inn: string;
  kpp: string | null;
  address: string;
}

export interface DocLine {
  description: string;
  unit: string;
  quantity: number;
  net: number;
  rateBp: number;
  vat: number;
  total: number;
}

/** An act or VAT invoice: both are built from one invoice and share its number and date. */
export interface ClosingDoc {
  number: string;
  date: string;
  period: string;
  seller: OperatorDetails;
  buyer: Party;
  accountNumber: string;
  contract: string;
  lines: DocLine[];
  net: number;
  vat: number;
  total: number;
}

/** A bank-transfer invoice over one or several accounts. */
export interface PaymentDoc {
  number: string;
  date: string;
  seller: OperatorDetails;
  buyer: Party;
  lines: { description: string; amount: number }[];
  total: number;
  vatRateBp: number;
  vat: number;
  purpose: string;
}

export interface ReconciliationDoc {
  from: string;
  to: string;
  seller: OperatorDetails;
  buyer: Party;
  opening: number;
  lines: { date: string; document: string; debit: number; credit: number }[];
  debit: number;
  credit: number;
  closing: number;
}

export const sellerParty = (o: OperatorDetails): Party => ({
  name: o.name,
  inn: o.inn,
  kpp: o.kpp,
  address: o.address,
});
export const innKpp = (p: Party) => `${p.inn}${p.kpp ? ` / ${p.kpp}` : ""}`;
export const pct = (bp: number) => `${bp / 100}%`;
