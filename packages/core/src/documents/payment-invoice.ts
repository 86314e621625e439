import { accounts, invoices, type PaymentInvoiceLine, paymentInvoices } from "@lk/db";
import { and, desc, eq, inArray } from "drizzle-orm";
import { audit } from "../audit/audit";
import { paymentInvoiceNumber, takeNumber } from "../billing/numbering";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { invalidField, notFound } from "../errors/index";
import { baseUrlOf } from "../invoices/list";
import { accountFilter } from "../invoices/scope";
import { localDate } from "../time/index";
import { loadVatRates, vatIncluded, vatRateOn } from "../vat/index";
import { emitEvent } from "../webhooks/emit";
import { paymentPurpose } from "./pdf-service";

export interface PaymentInvoiceInput {
  account_ids: string[];
  /** Kopecks per account, in the same order; default: the account's debt, else its last invoice. */
  amounts?: number[] | undefined;
}

export function paymentInvoiceView(p: typeof paymentInvoices.$inferSelect, base: string) {
  return {
    id: `payment_invoice.${p.id}`,
    kind: "payment_invoice" as const,
    number: p.number,
    issued_on: p.issuedOn,
    total_amount: p.totalAmount,
    vat_amount: p.vatAmount,
    vat_rate: p.vatRateBp / 100,
    currency: "RUB" as const,
    lines: p.lines,
    purpose: paymentPurpose(p.number, p.issuedOn, p.lines, p.vatRateBp, p.vatAmount),
    pdf_url: `${base}/v1/documents/payment_invoice.${p.id}/pdf`,
  };
}

/** A payment invoice as `GET /v1/documents` lists it (and the `document.issued` webhook carries it). */
export function paymentInvoiceDocument(v: ReturnType<typeof paymentInvoiceView>) {
  return {
    id: v.id,
    kind: v.kind,
    number: v.number,
    date: v.issued_on,
    period: v.issued_on.slice(0, 7),
    account_id: null,
    account_number: null,
    title: `Счёт на оплату № ${v.number}`,
    total_amount: v.total_amount,
    vat_amount: v.vat_amount,
    currency: v.currency,
    pdf_url: v.pdf_url,
  };
}

/** A bank-transfer invoice for one or several accounts, numbered gap-free per year. */
export async function createPaymentInvoice({ ctx, input }: { ctx: Ctx; input: PaymentInvoiceInput }) {
  requirePermission(ctx, "payments:write");
  const scope = companyScope(ctx);
  const ids = input.account_ids;
  if (new Set(ids).size !== ids.length)
    throw invalidField("account_ids", "duplicate", { ru: "Счета повторяются", en: "Accounts repeat" });
  if (input.amounts && input.amounts.length !== ids.length)
    throw invalidField("amounts", "length_mismatch", {
      ru: "По одной сумме на каждый лицевой счёт",
      en: "One amount per account",
    });
  const rates = await loadVatRates(ctx.db);
  const filter = await accountFilter(ctx.db, scope, {});
  const now = ctx.now();
  const today = localDate(now, ctx.config.timeZone);
  return ctx.db.transaction(async (tx) => {
    const accs = await tx
      .select({ id: accounts.id, number: accounts.number, balance: accounts.balance })
      .from(accounts)
      .where(and(inArray(accounts.id, ids), filter));
    const byId = new Map(accs.map((a) => [a.id, a]));
    const lines: PaymentInvoiceLine[] = [];
    for (const [i, id] of ids.entries()) {
      const acc = byId.get(id);
      if (!acc) throw notFound({ ru: "Лицевой счёт", en: "Account" });
      let amount = input.amounts?.[i];
      if (amount === undefined) {
        const [lastInvoice] = await tx
          .select({ total: invoices.totalAmount })
          .from(invoices)
          .where(eq(invoices.accountId, id))
          .orderBy(desc(invoices.year), desc(invoices.seq))
          .limit(1);
        amount = acc.balance < 0 ? -acc.balance : (lastInvoice?.total ?? 0);
      }
      if (!Number.isSafeInteger(amount) || amount <= 0)
        throw invalidField(`amounts.${i}`, "amount_required", {
          ru: `Укажите сумму для лицевого счёта ${acc.number}: долга и прошлых счетов нет`,
          en: `Give an amount for account ${acc.number}: it has no debt and no past invoice`,
        });
      lines.push({ account_id: id, account_number: acc.number, amount });
    }
    const total = lines.reduce((s, l) => s + l.amount, 0);
    const rateBp = vatRateOn(rates, today);
    const year = Number(today.slice(0, 4));
    const seq = await takeNumber(tx, "payment_invoice", year);
    const [row] = await tx
      .insert(paymentInvoices)
      .values({
        companyId: scope.companyId,
        year,
        seq,
        number: paymentInvoiceNumber(year, seq),
        issuedOn: today,
        totalAmount: total,
        vatRateBp: rateBp,
        vatAmount: vatIncluded(total, rateBp),
        lines,
        createdAt: now,
      })
      .returning();
    await audit(tx, ctx, {
      action: "documents.payment_invoice_created",
      entityType: "payment_invoice",
      entityId: row!.id,
      data: { total, accounts: ids.length },
    });
    const view = paymentInvoiceView(row!, baseUrlOf(ctx));
    await emitEvent(tx, {
      companyId: scope.companyId,
      type: "document.issued",
      data: paymentInvoiceDocument(view),
      now,
    });
    return view;
  });
}
