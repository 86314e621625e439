import { type Queryable, rows } from "@lk/db";
import { sql } from "drizzle-orm";
import { invoiceDue } from "../payments/items";
import { parseRubles, type StatementDocument } from "./types";

/** One credit to an account a document is split into (toward an invoice or to the account). */
export interface PlannedItem {
  accountId: string;
  accountNumber: string;
  companyId: string;
  invoiceId: string | null;
  invoiceNumber: string | null;
  amount: number;
}

/** What becomes of one document. */
export interface Plan {
  doc: StatementDocument;
  companyId: string | null;
  items: PlannedItem[];
  /** Kopecks for the company's unallocated money. */
  unallocated: number;
  /** Set when the document goes to the operator's queue (nothing is credited). */
  queueReason: string | null;
}

/**
 * Invoice numbers written in a purpose: our monthly invoices (`2026-000123`) and payment invoices
 * (`П-2026-000123`), tolerant of «№», «N», «No» and spaces around the dash.
 */
export function invoiceNumbersIn(purpose: string): string[] {
  const out: string[] = [];
  const re = /(?<![\d-])(?:(П|P)\s*-\s*)?(\d{4})\s*-\s*(\d{6})(?!\d)/gi;
  for (const m of purpose.matchAll(re)) out.push(`${m[1] ? "П-" : ""}${m[2]}-${m[3]}`);
  return [...new Set(out)];
}

/**
 * Personal account numbers (12 digits) in a purpose, each with the amount written after it when
 * there is one («л/с 770000000001 — 1 000,00; л/с 770000000002 — 500,00»).
 */
export function accountRefsIn(purpose: string): { number: string; amount: number | null }[] {
  const out: { number: string; amount: number | null }[] = [];
  const re =
    /(?<!\d)(\d{12})(?!\d)(?:\s*(?:[—–-]|:|=)\s*(\d{1,3}(?:[ \u00a0]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?))?/g;
  for (const m of purpose.matchAll(re)) {
    if (out.some((o) => o.number === m[1])) continue;
    out.push({ number: m[1]!, amount: m[2] ? parseRubles(m[2]) : null });
  }
  return out;
}

interface InvoiceRef {
  id: string;
  number: string;
  companyId: string;
  accountId: string;
  accountNumber: string;
  due: number;
}
interface AccountRef {
  id: string;
  number: string;
  companyId: string;
  status: string;
  balance: number;
}

/** The lookups a batch of documents needs, read in a few set-based queries. */
async function loadRefs(db: Queryable, docs: StatementDocument[]) {
  const invNumbers = new Set<string>();
  const accNumbers = new Set<string>();
  const inns = new Set<string>();
  for (const d of docs) {
    for (const n of invoiceNumbersIn(d.purpose)) invNumbers.add(n);
    for (const a of accountRefsIn(d.purpose)) accNumbers.add(a.number);
    if (d.payerInn) inns.add(d.payerInn);
  }
  // A text[] literal; quotes and backslashes escaped, whatever a file's purpose holds.
  const arr = (s: Set<string>) => `{${[...s].map((x) => `"${x.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
  const invoices = invNumbers.size
    ? await rows<{
        id: string;
        number: string;
        company_id: string;
        account_id: string;
        account_number: string;
        due: string | number;
        status: string;
      }>(
        db,
        sql`SELECT invoices.id, invoices.number, invoices.company_id, invoices.account_id, a.number AS account_number,
                   CASE WHEN invoices.status = 'paid' THEN 0 ELSE GREATEST(0, ${invoiceDue}) END AS due, invoices.status
              FROM invoices JOIN accounts a ON a.id = invoices.account_id
             WHERE invoices.number = ANY(${arr(invNumbers)}::text[])`,
      )
    : [];
  const payInvoices = [...invNumbers].some((n) => n.startsWith("П-"))
    ? await rows<{ number: string; company_id: string; lines: unknown }>(
        db,
        sql`SELECT number, company_id, lines FROM payment_invoices WHERE number = ANY(${arr(invNumbers)}::text[])`,
      )
    : [];
  const companies = inns.size
    ? await rows<{ id: string; inn: string }>(
        db,
        sql`SELECT id, inn FROM companies WHERE inn = ANY(${arr(inns)}::text[])`,
      )
    : [];
  const companyIds = companies.map((c) => c.id);
  for (const p of payInvoices) {
    const lines = (typeof p.lines === "string" ? JSON.parse(p.lines) : p.lines) as {
      account_number: string;
    }[];
    for (const l of lines) accNumbers.add(l.account_number);
  }
  const accounts = await rows<{
    id: string;
    number: string;
    company_id: string;
    status: string;
    balance: string | number;
  }>(
    db,
    sql`SELECT id, number, company_id, status, balance FROM accounts
         WHERE number = ANY(${arr(accNumbers)}::text[]) OR company_id = ANY(${`{${companyIds.join(",")}}`}::uuid[])`,
  );
  const openInvoices = companyIds.length
    ? await rows<{
        id: string;
        number: string;
        company_id: string;
        account_id: string;
        account_number: string;
        due: string | number;
      }>(
        db,
        sql`SELECT invoices.id, invoices.number, invoices.company_id, invoices.account_id, a.number AS account_number,
                   GREATEST(0, ${invoiceDue}) AS due
              FROM invoices JOIN accounts a ON a.id = invoices.account_id
             WHERE invoices.company_id = ANY(${`{${companyIds.join(",")}}`}::uuid[]) AND invoices.status <> 'paid'
               AND a.status <> 'closed'
             ORDER BY invoices.due_on, invoices.year, invoices.seq`,
      )
    : [];
  const toInv = (r: {
    id: string;
    number: string;
    company_id: string;
    account_id: string;
    account_number: string;
    due: string | number;
  }): InvoiceRef => ({
    id: r.id,
    number: r.number,
    companyId: r.company_id,
    accountId: r.account_id,
    accountNumber: r.account_number.trim(),
    due: Number(r.due),
  });
  const accs = accounts.map(
    (a): AccountRef => ({
      id: a.id,
      number: a.number.trim(),
      companyId: a.company_id,
      status: a.status,
      balance: Number(a.balance),
    }),
  );
  const invoiceByNumber = new Map(invoices.map((r) => [r.number, toInv(r)]));
  // One object per invoice, shared by both lookups, so what one document takes the next one sees.
  const open = openInvoices.map((r) => invoiceByNumber.get(r.number) ?? toInv(r));
  for (const o of open) invoiceByNumber.set(o.number, o);
  return {
    invoiceByNumber,
    payInvoiceByNumber: new Map(
      payInvoices.map((p) => [
        p.number,
        {
          companyId: p.company_id,
          lines: (typeof p.lines === "string" ? JSON.parse(p.lines) : p.lines) as {
            account_number: string;
            amount: number;
          }[],
        },
      ]),
    ),
    companyByInn: new Map(companies.map((c) => [c.inn, c.id])),
    accountByNumber: new Map(accs.map((a) => [a.number, a])),
    accountsOfCompany: groupBy(
      accs.filter((a) => a.status !== "closed"),
      (a) => a.companyId,
    ),
    openInvoicesOfCompany: groupBy(open, (i) => i.companyId),
  };
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const l = m.get(k);
    if (l) l.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/**
 * Decides, for each document of a batch, where its money goes — in this order: the invoice
 * numbers in its purpose (our monthly invoices and payment invoices), the personal account numbers
 * in its purpose (with the amounts written beside them), the payer's INN → the company: its only
 * account, else its oldest unpaid invoices, the rest to its unallocated money. What matches no
 * customer goes to the operator's queue.
 *
 * An invoice or account of a company other than the one the payer's INN belongs to is never
 * credited: the document goes to the queue (`invoice_of_another_company`,
 * `account_of_another_company`) for the operator to decide (ADR 0071). A payer whose INN is not a
 * customer's (a person, a third party) may pay any invoice or account named in the purpose.
 */
export async function planDocuments(db: Queryable, docs: StatementDocument[]): Promise<Plan[]> {
  const refs = await loadRefs(db, docs);
  return docs.map((doc) => planOne(doc, refs));
}

type Refs = Awaited<ReturnType<typeof loadRefs>>;

function planOne(doc: StatementDocument, r: Refs): Plan {
  const payerCompany = doc.payerInn ? (r.companyByInn.get(doc.payerInn) ?? null) : null;
  const queue = (reason: string, companyId: string | null = null): Plan => ({
    doc,
    companyId,
    items: [],
    unallocated: 0,
    queueReason: reason,
  });
  const item = (
    a: { id: string; number: string; companyId: string },
    amount: number,
    inv?: InvoiceRef,
  ): PlannedItem => ({
    accountId: a.id,
    accountNumber: a.number,
    companyId: a.companyId,
    invoiceId: inv?.id ?? null,
    invoiceNumber: inv?.number ?? null,
    amount,
  });

  // 1. Invoice numbers.
  const numbers = invoiceNumbersIn(doc.purpose);
  const invs = numbers.map((n) => r.invoiceByNumber.get(n)).filter((x): x is InvoiceRef => Boolean(x));
  const pays = numbers.map((n) => r.payInvoiceByNumber.get(n)).filter((x) => Boolean(x)) as {
    companyId: string;
    lines: { account_number: string; amount: number }[];
  }[];
  if (invs.length > 0 || pays.length > 0) {
    const companies = new Set([...invs.map((i) => i.companyId), ...pays.map((p) => p.companyId)]);
    if (companies.size > 1) return queue("invoices_of_several_companies");
    const company = [...companies][0]!;
    if (payerCompany && payerCompany !== company) return queue("invoice_of_another_company", payerCompany);
    let left = doc.amount;
    const items: PlannedItem[] = [];
    for (const inv of invs) {
      const take = Math.min(left, inv.due);
      if (take <= 0) continue;
      inv.due -= take;
      left -= take;
      items.push(item({ id: inv.accountId, number: inv.accountNumber, companyId: inv.companyId }, take, inv));
    }
    for (const p of pays)
      for (const l of p.lines) {
        const acc = r.accountByNumber.get(l.account_number);
        if (!acc || acc.status === "closed") continue;
        const take = Math.min(left, l.amount);
        if (take <= 0) continue;
        left -= take;
        items.push(item(acc, take));
      }
    // What is left (overpaid, or the invoice was already paid) goes to the first invoice's account
    // (or the payment invoice's first account); with neither, to the company's unallocated money.
    const firstAcc: { id: string; number: string; companyId: string } | null = invs[0]
      ? { id: invs[0].accountId, number: invs[0].accountNumber, companyId: invs[0].companyId }
      : items[0]
        ? { id: items[0].accountId, number: items[0].accountNumber, companyId: items[0].companyId }
        : null;
    if (left > 0 && !firstAcc)
      return { doc, companyId: company, items, unallocated: left, queueReason: null };
    if (left > 0 && firstAcc) items.push(item(firstAcc, left));
    return { doc, companyId: company, items, unallocated: 0, queueReason: null };
  }

  // 2. Personal account numbers.
  const accRefs = accountRefsIn(doc.purpose)
    .map((a) => ({ acc: r.accountByNumber.get(a.number), amount: a.amount }))
    .filter(
      (a): a is { acc: AccountRef; amount: number | null } => Boolean(a.acc) && a.acc!.status !== "closed",
    );
  if (accRefs.length > 0) {
    const companies = new Set(accRefs.map((a) => a.acc.companyId));
    if (companies.size > 1) return queue("accounts_of_several_companies");
    const company = [...companies][0]!;
    if (payerCompany && payerCompany !== company) return queue("account_of_another_company", payerCompany);
    let left = doc.amount;
    const items: PlannedItem[] = [];
    const written = accRefs.every((a) => a.amount !== null);
    for (const a of accRefs) {
      // The amounts written beside the numbers; without them, each account's debt in turn.
      const want = written ? a.amount! : Math.max(0, -a.acc.balance);
      const take = Math.min(left, want);
      if (take <= 0) continue;
      left -= take;
      items.push(item(a.acc, take));
    }
    if (left > 0) {
      const first = accRefs[0]!.acc;
      const same = items.find((i) => i.accountId === first.id && i.invoiceId === null);
      if (same) same.amount += left;
      else items.push(item(first, left));
    }
    return { doc, companyId: company, items, unallocated: 0, queueReason: null };
  }

  // 3. The payer's INN.
  if (payerCompany) {
    const accs = r.accountsOfCompany.get(payerCompany) ?? [];
    if (accs.length === 1)
      return {
        doc,
        companyId: payerCompany,
        items: [item(accs[0]!, doc.amount)],
        unallocated: 0,
        queueReason: null,
      };
    let left = doc.amount;
    const items: PlannedItem[] = [];
    for (const inv of r.openInvoicesOfCompany.get(payerCompany) ?? []) {
      if (left <= 0) break;
      const take = Math.min(left, inv.due);
      if (take <= 0) continue;
      inv.due -= take;
      left -= take;
      items.push(item({ id: inv.accountId, number: inv.accountNumber, companyId: inv.companyId }, take, inv));
    }
    return { doc, companyId: payerCompany, items, unallocated: left, queueReason: null };
  }
  return queue("no_match");
}
