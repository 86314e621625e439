import { accounts, invoices, paymentInvoices } from "@lk/db";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { baseUrlOf } from "../invoices/list";
import { accountFilter } from "../invoices/scope";
import { decodeCursor, page } from "../pagination/cursor";
import { paymentInvoiceDocument, paymentInvoiceView } from "./payment-invoice";

export interface ListDocumentsInput {
  limit: number;
  cursor?: string | undefined;
  period?: string | undefined;
  kind?: "act" | "vat_invoice" | "upd" | "payment_invoice" | undefined;
  account_id?: string | undefined;
  group_id?: string | undefined;
}

const isKey = (v: Record<string, unknown>): v is { y: number; s: number; k: number } =>
  typeof v.y === "number" && typeof v.s === "number" && typeof v.k === "number";

const TITLES = { act: "Акт", vat_invoice: "Счёт-фактура", upd: "УПД" } as const;

/**
 * Closing documents (an act and a VAT invoice per monthly invoice; or a УПД instead, if asked for
 * by kind=upd) and, with kind=payment_invoice, the bank-transfer invoices. Newest first.
 */
export async function listDocuments({ ctx, input }: { ctx: Ctx; input: ListDocumentsInput }) {
  requirePermission(ctx, "documents:read");
  const scope = companyScope(ctx);
  const after = decodeCursor(input.cursor, isKey);
  const base = baseUrlOf(ctx);
  if (input.kind === "payment_invoice") {
    const where: SQL[] = [eq(paymentInvoices.companyId, scope.companyId)];
    // Payment invoices span accounts: only users who see every group list them.
    if (scope.groupIds !== null || input.account_id || input.group_id) where.push(sql`false`);
    if (input.period) where.push(sql`to_char(${paymentInvoices.issuedOn}, 'YYYY-MM') = ${input.period}`);
    if (after) where.push(sql`(${paymentInvoices.year}, ${paymentInvoices.seq}) < (${after.y}, ${after.s})`);
    const r = await ctx.db
      .select()
      .from(paymentInvoices)
      .where(and(...where))
      .orderBy(desc(paymentInvoices.year), desc(paymentInvoices.seq))
      .limit(input.limit + 1);
    const p = page(r, input.limit, (x) => ({ y: x.year, s: x.seq, k: 0 }));
    return {
      data: p.data.map((x) => paymentInvoiceDocument(paymentInvoiceView(x, base))),
      next_cursor: p.next_cursor,
    };
  }
  const kinds = input.kind ? [input.kind] : (["act", "vat_invoice"] as const);
  const where: SQL[] = [
    eq(invoices.companyId, scope.companyId),
    await accountFilter(ctx.db, scope, { accountId: input.account_id, groupId: input.group_id }),
  ];
  if (input.period) where.push(eq(invoices.period, input.period));
  if (after)
    where.push(
      sql`((${invoices.year}, ${invoices.seq}) < (${after.y}::int, ${after.s}::int)
           OR ((${invoices.year}, ${invoices.seq}) = (${after.y}::int, ${after.s}::int) AND k.ord > ${after.k}::int))`,
    );
  const kindValues = sql.join(
    kinds.map((k, i) => sql`(${k}::text, ${i}::int)`),
    sql`, `,
  );
  const r = await ctx.db
    .select({
      inv: invoices,
      accountNumber: accounts.number,
      kind: sql<string>`k.kind`,
      ord: sql<number>`k.ord`,
    })
    .from(invoices)
    .innerJoin(accounts, eq(accounts.id, invoices.accountId))
    .crossJoin(sql`(VALUES ${kindValues}) AS k(kind, ord)`)
    .where(and(...where))
    .orderBy(desc(invoices.year), desc(invoices.seq), sql`k.ord`)
    .limit(input.limit + 1);
  const p = page(r, input.limit, (x) => ({ y: x.inv.year, s: x.inv.seq, k: Number(x.ord) }));
  return {
    data: p.data.map((x) => {
      const kind = x.kind as keyof typeof TITLES;
      return {
        id: `${kind}.${x.inv.id}`,
        kind,
        number: x.inv.number,
        date: x.inv.issuedOn,
        period: x.inv.period,
        account_id: x.inv.accountId,
        account_number: x.accountNumber,
        title: `${TITLES[kind]} № ${x.inv.number}`,
        total_amount: x.inv.totalAmount,
        vat_amount: x.inv.vatAmount,
        currency: "RUB" as const,
        pdf_url: `${base}/v1/documents/${kind}.${x.inv.id}/pdf`,
      };
    }),
    next_cursor: p.next_cursor,
  };
}
