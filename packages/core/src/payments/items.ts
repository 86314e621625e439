import { accounts, invoices, paymentItems, payments, type Queryable } from "@lk/db";
import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { invalidField } from "../errors/index";
import {
  accountNotFound,
  amountTooLarge,
  amountTooSmall,
  invoiceNotFound,
  invoiceNumberNotFound,
} from "./errors";
import { MAX_ITEMS, MAX_PAYMENT_AMOUNT, MIN_ITEM_AMOUNT } from "./pricing";

export interface ItemInput {
  account_id?: string | undefined;
  invoice_id?: string | undefined;
  /** The invoice by its number instead of its id (looked up within `where`, like the id). */
  invoice_number?: string | undefined;
  /** Optional for an invoice: its amount due. */
  amount?: number | undefined;
}

export interface ResolvedItem {
  accountId: string;
  companyId: string;
  invoiceId: string | null;
  amount: number;
  /** For the payment's JSON right after creation (no re-read). */
  accountNumber?: string;
  invoiceNumber?: string | null;
}

/**
 * The part of a payment item's card part that refunds took back: refundPayment spreads a payment's
 * `refunded_amount` over its items' card parts in item order (`allocate`: the first item's card
 * part first), so an item's share is what is left of the refunded amount after the card parts of
 * the items before it, up to its own card part. `pi` and `p` are the item and its payment.
 */
const itemRefunded = sql`CASE WHEN p.refunded_amount = 0 THEN 0 ELSE LEAST(pi.amount - pi.bonus_amount,
  GREATEST(0, p.refunded_amount - COALESCE((SELECT SUM(q.amount - q.bonus_amount) FROM ${paymentItems} q
    WHERE q.payment_id = pi.payment_id AND q.position < pi.position), 0))) END`;

/**
 * Kopecks paid toward an invoice (what markInvoicesPaid counts): what its items in succeeded
 * payments kept, i.e. less the part of their card part refunded; of a payment refunded in full
 * (`refunded`) only a bonus part is left.
 */
export const invoicePaid = sql<number>`COALESCE((SELECT SUM(pi.amount - ${itemRefunded}) FROM ${paymentItems} pi
  JOIN ${payments} p ON p.id = pi.payment_id
  WHERE pi.invoice_id = ${invoices.id} AND p.status IN ('succeeded', 'refunded')), 0)::bigint`;

/**
 * What covers an invoice: payments toward it (`invoicePaid`) plus what credits to its account
 * settled of it oldest-first (`settled_amount`, invoices/settle.ts).
 */
export const invoiceCovered = sql<number>`(${invoicePaid} + ${invoices.settledAmount})`;

/** What is still due on an invoice: its total minus what covers it (`invoiceCovered`). */
export const invoiceDue = sql<number>`(${invoices.totalAmount} - ${invoiceCovered})::bigint`;

/**
 * Turns requested items into accounts and amounts. Each item names exactly one of `account_id`,
 * `invoice_id` or `invoice_number`. `where` limits what the caller may pay (visible accounts of
 * the company, or any account for a public payment). Unknown or invisible ones are 404 (an
 * invoice number outside `where` is the same 404 as one that does not exist); closed accounts,
 * paid invoices and amounts out of range are 400 naming the item.
 */
export async function resolveItems(
  db: Queryable,
  input: ItemInput[],
  where: SQL | undefined,
): Promise<ResolvedItem[]> {
  if (input.length === 0 || input.length > MAX_ITEMS)
    throw invalidField("items", "invalid_items", {
      ru: `От 1 до ${MAX_ITEMS} позиций`,
      en: `Between 1 and ${MAX_ITEMS} items`,
    });
  input.forEach((it, n) => {
    if ([it.account_id, it.invoice_id, it.invoice_number].filter(Boolean).length !== 1)
      throw invalidField(`items.${n}`, "account_or_invoice", {
        ru: "Укажите ровно одно из полей: account_id, invoice_id или invoice_number",
        en: "Give exactly one of account_id, invoice_id or invoice_number",
      });
  });
  const accIds = input.map((i) => i.account_id).filter((x): x is string => Boolean(x));
  const invIds = input.map((i) => i.invoice_id).filter((x): x is string => Boolean(x));
  const invNumbers = input.map((i) => i.invoice_number?.trim()).filter((x): x is string => Boolean(x));
  const accs = accIds.length
    ? await db
        .select({
          id: accounts.id,
          companyId: accounts.companyId,
          status: accounts.status,
          number: accounts.number,
        })
        .from(accounts)
        .where(and(inArray(accounts.id, accIds), where))
    : [];
  const byInvoice = [
    ...(invIds.length ? [inArray(invoices.id, invIds)] : []),
    ...(invNumbers.length ? [inArray(invoices.number, invNumbers)] : []),
  ];
  const invs = byInvoice.length
    ? await db
        .select({
          id: invoices.id,
          accountId: invoices.accountId,
          companyId: invoices.companyId,
          due: invoiceDue,
          invoiceStatus: invoices.status,
          status: accounts.status,
          number: invoices.number,
          accountNumber: accounts.number,
        })
        .from(invoices)
        .innerJoin(accounts, eq(accounts.id, invoices.accountId))
        .where(and(or(...byInvoice), where))
    : [];
  const accById = new Map(accs.map((a) => [a.id, a]));
  const invById = new Map(invs.map((i) => [i.id, i]));
  const invByNumber = new Map(invs.map((i) => [i.number, i]));
  const seen = new Set<string>();
  let total = 0;
  const out = input.map((it, n): ResolvedItem => {
    const field = it.invoice_id ? "invoice_id" : it.invoice_number ? "invoice_number" : "account_id";
    const inv = it.invoice_id
      ? invById.get(it.invoice_id)
      : it.invoice_number
        ? invByNumber.get(it.invoice_number.trim())
        : undefined;
    if (field === "invoice_id" && !inv) throw invoiceNotFound();
    if (field === "invoice_number" && !inv) throw invoiceNumberNotFound(n);
    // An invoice named by its number is the same item as by its id: keyed once it is resolved.
    const key = inv ? `i:${inv.id}` : `a:${it.account_id}`;
    if (seen.has(key))
      throw invalidField(`items.${n}`, "duplicate_item", {
        ru: "Эта позиция уже есть в платеже",
        en: "This item is already in the payment",
      });
    seen.add(key);
    let r: ResolvedItem;
    if (inv) {
      // A `paid` invoice owes nothing, even when no payment toward it settled it (the account's
      // balance did): its amount_due is 0.
      const due = inv.invoiceStatus === "paid" ? 0 : Number(inv.due);
      if (due <= 0)
        throw invalidField(`items.${n}.${field}`, "invoice_paid", {
          ru: "Счёт уже оплачен",
          en: "The invoice is already paid",
        });
      const amount = it.amount ?? due;
      if (amount > due)
        throw invalidField(`items.${n}.amount`, "exceeds_amount_due", {
          ru: `Больше суммы к оплате по счёту (${due / 100} ₽)`,
          en: `More than the invoice's amount due (${due / 100} ₽)`,
        });
      r = {
        accountId: inv.accountId,
        companyId: inv.companyId,
        invoiceId: inv.id,
        amount,
        accountNumber: inv.accountNumber,
        invoiceNumber: inv.number,
      };
      if (inv.status === "closed") throw closed(n, field);
    } else {
      const acc = it.account_id ? accById.get(it.account_id) : undefined;
      if (!acc) throw accountNotFound();
      if (acc.status === "closed") throw closed(n, "account_id");
      if (it.amount === undefined)
        throw invalidField(`items.${n}.amount`, "required", {
          ru: "Обязательное поле",
          en: "This field is required",
        });
      r = {
        accountId: acc.id,
        companyId: acc.companyId,
        invoiceId: null,
        amount: it.amount,
        accountNumber: acc.number,
        invoiceNumber: null,
      };
    }
    if (!Number.isSafeInteger(r.amount) || r.amount < MIN_ITEM_AMOUNT)
      throw amountTooSmall(`items.${n}.amount`);
    total += r.amount;
    if (total > MAX_PAYMENT_AMOUNT) throw amountTooLarge(`items.${n}.amount`);
    return r;
  });
  return out;
}

const closed = (n: number, field: string) =>
  invalidField(`items.${n}.${field}`, "account_closed", {
    ru: "Лицевой счёт закрыт",
    en: "The account is closed",
  });
