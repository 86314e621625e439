import { documentCounters, type Tx } from "@lk/db";
import { and, eq, sql } from "drizzle-orm";

export type CounterKind = "invoice" | "payment_invoice";

/**
 * Locks the (kind, year) counter for the rest of the transaction and returns the last number
 * taken. Numbers are gap-free: they are taken in the transaction that writes the documents,
 * so a rollback returns them (a sequence would not). Lock it before reading what to number,
 * so two writers serialise instead of numbering the same thing twice.
 */
export async function lockCounter(tx: Tx, kind: CounterKind, year: number): Promise<number> {
  // One statement: creates the row on first use and, either way, locks it and returns its value
  // (ON CONFLICT DO UPDATE takes the row lock just as SELECT … FOR UPDATE would).
  const [row] = await tx
    .insert(documentCounters)
    .values({ kind, year, lastNumber: 0 })
    .onConflictDoUpdate({
      target: [documentCounters.kind, documentCounters.year],
      set: { lastNumber: sql`${documentCounters.lastNumber}` },
    })
    .returning({ last: documentCounters.lastNumber });
  return row!.last;
}

export async function advanceCounter(tx: Tx, kind: CounterKind, year: number, last: number) {
  await tx
    .update(documentCounters)
    .set({ lastNumber: last })
    .where(and(eq(documentCounters.kind, kind), eq(documentCounters.year, year)));
}

/** Takes one number: for documents made one at a time (payment invoices). */
export async function takeNumber(tx: Tx, kind: CounterKind, year: number): Promise<number> {
  const seq = (await lockCounter(tx, kind, year)) + 1;
  await advanceCounter(tx, kind, year, seq);
  return seq;
}

export const invoiceNumber = (year: number, seq: number) => `${year}-${String(seq).padStart(6, "0")}`;
export const paymentInvoiceNumber = (year: number, seq: number) =>
  `П-${year}-${String(seq).padStart(6, "0")}`;
