import { accounts, invoices, paymentItems, payments, type Queryable } from "@lk/db";
import { asc, eq, inArray } from "drizzle-orm";

export type PaymentRow = typeof payments.$inferSelect;
export interface ItemView {
  accountId: string;
  accountNumber: string;
  invoiceId: string | null;
  invoiceNumber: string | null;
  amount: number;
  bonusAmount: number;
}
export interface PaymentView extends PaymentRow {
  items: ItemView[];
}

export async function itemsOf(db: Queryable, ids: string[]): Promise<Map<string, ItemView[]>> {
  const out = new Map<string, ItemView[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      paymentId: paymentItems.paymentId,
      accountId: paymentItems.accountId,
      accountNumber: accounts.number,
      invoiceId: paymentItems.invoiceId,
      invoiceNumber: invoices.number,
      amount: paymentItems.amount,
      bonusAmount: paymentItems.bonusAmount,
    })
    .from(paymentItems)
    .innerJoin(accounts, eq(accounts.id, paymentItems.accountId))
    .leftJoin(invoices, eq(invoices.id, paymentItems.invoiceId))
    .where(inArray(paymentItems.paymentId, ids))
    .orderBy(asc(paymentItems.paymentId), asc(paymentItems.position));
  for (const { paymentId, ...item } of rows) {
    const list = out.get(paymentId) ?? [];
    list.push(item);
    out.set(paymentId, list);
  }
  return out;
}

/** A payment with its items, unscoped: callers check the company themselves. */
export async function loadPayment(db: Queryable, id: string): Promise<PaymentView | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  if (!row) return undefined;
  return { ...row, items: (await itemsOf(db, [id])).get(id) ?? [] };
}
