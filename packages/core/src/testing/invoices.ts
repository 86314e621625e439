import { invoiceLines, invoices, type Queryable } from "@lk/db";
import { invoiceNumber, takeNumber } from "../billing/numbering";
import { postLedger } from "../ledger/post";

export interface TestInvoiceOptions {
  companyId: string;
  accountId: string;
  /** Kopecks with VAT. */
  total: number;
  dueOn?: string;
  period?: string;
  /** The invoice's one line; a month's subscription fee unless said. */
  line?: { kind: (typeof invoiceLines.$inferInsert)["kind"]; description: string };
  /** Post the invoice's charge to the account's ledger, as the billing run does. Default true. */
  charge?: boolean;
  now?: Date;
}

/**
 * An issued credit invoice of one line, numbered from the real counter (`YYYY-NNNNNN`) and, unless
 * `charge: false`, charged to the account through the ledger as the billing run charges it — so
 * the account owes what the invoice says.
 */
export async function issueTestInvoice(
  db: Queryable,
  o: TestInvoiceOptions,
): Promise<{ id: string; number: string; total: number }> {
  const now = o.now ?? new Date();
  const period = o.period ?? "2026-10";
  const year = Number(period.slice(0, 4));
  return db.transaction(async (tx) => {
    const seq = await takeNumber(tx, "invoice", year);
    const number = invoiceNumber(year, seq);
    const net = Math.round(o.total / 1.22);
    const [inv] = await tx
      .insert(invoices)
      .values({
        companyId: o.companyId,
        accountId: o.accountId,
        period,
        kind: "credit",
        year,
        seq,
        number,
        issuedOn: `${period}-28`,
        dueOn: o.dueOn ?? `${period}-28`,
        netAmount: net,
        vatAmount: o.total - net,
        totalAmount: o.total,
        chargedAmount: o.charge === false ? 0 : o.total,
      })
      .returning({ id: invoices.id });
    await tx.insert(invoiceLines).values({
      invoiceId: inv!.id,
      lineNo: 1,
      kind: o.line?.kind ?? "fee",
      description: o.line?.description ?? "Абонентская плата",
      quantity: "1",
      unit: "мес",
      periodFrom: `${period}-01`,
      periodTo: `${period}-28`,
      netAmount: net,
      vatRateBp: 2200,
      vatAmount: o.total - net,
      totalAmount: o.total,
    });
    if (o.charge !== false)
      await postLedger(
        tx,
        [
          {
            accountId: o.accountId,
            kind: "charge",
            amount: -o.total,
            description: `Счёт ${number}`,
            refType: "invoice",
            refId: inv!.id,
          },
        ],
        { now },
      );
    return { id: inv!.id, number, total: o.total };
  });
}
