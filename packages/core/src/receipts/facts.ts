import { companies, payments, type Queryable, users } from "@lk/db";
import { eq } from "drizzle-orm";
import { itemsOf } from "../payments/load";
import type { ReceiptPaymentFacts } from "./compose";

/** Sources where the company itself pays (its cabinet, its autopay): it is the buyer on the receipt. */
const COMPANY_SOURCES = new Set(["cabinet", "autopay"]);

/** What a payment's receipts are made of: the payment, its items, the buyer. */
export async function loadReceiptFacts(
  db: Queryable,
  paymentId: string,
): Promise<{ facts: ReceiptPaymentFacts; succeededAt: Date | null } | undefined> {
  const [row] = await db
    .select({
      p: payments,
      companyName: companies.name,
      companyInn: companies.inn,
      userEmail: users.email,
      userPhone: users.phone,
    })
    .from(payments)
    .innerJoin(companies, eq(companies.id, payments.companyId))
    .leftJoin(users, eq(users.id, payments.createdByUserId))
    .where(eq(payments.id, paymentId));
  if (!row) return undefined;
  const items = (await itemsOf(db, [paymentId])).get(paymentId) ?? [];
  const p = row.p;
  return {
    succeededAt: p.succeededAt,
    facts: {
      id: p.id,
      amount: p.amount,
      bonusAmount: p.bonusAmount,
      commission: p.commission,
      chargedAmount: p.chargedAmount,
      receiptEmail: p.receiptEmail,
      receiptPhone: p.receiptPhone,
      companyBuyer: COMPANY_SOURCES.has(p.source) ? { name: row.companyName, inn: row.companyInn } : null,
      fallbackContact: { email: row.userEmail ?? undefined, phone: row.userPhone ?? undefined },
      items,
    },
  };
}
