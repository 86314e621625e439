import { accounts, type InvoiceKind, type InvoiceStatus, invoiceLines, invoices } from "@lk/db";
import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { notFound } from "../errors/index";
import { decodeCursor, page } from "../pagination/cursor";
import { invoiceCovered } from "../payments/items";
import { accountFilter } from "./scope";
import { invoiceView, lineView } from "./view";

export interface ListInvoicesInput {
  limit: number;
  cursor?: string | undefined;
  period?: string | undefined;
  account_id?: string | undefined;
  group_id?: string | undefined;
  status?: InvoiceStatus | undefined;
  kind?: InvoiceKind | undefined;
  /** Exact invoice number, e.g. 2026-000123. */
  number?: string | undefined;
}

const isKey = (v: Record<string, unknown>): v is { y: number; s: number } =>
  typeof v.y === "number" && typeof v.s === "number";

export const baseUrlOf = (ctx: Ctx) => ctx.config.publicUrl.replace(/\/$/, "");

/**
 * Kopecks covering each invoice: paid toward it less refunds, plus what account credits settled of
 * it (for its `amount_due`).
 */
const paid = sql<number>`${invoiceCovered}`.mapWith(Number);

/** Invoices newest first (by number), filtered; keyset on (year, seq). */
export async function listInvoices({ ctx, input }: { ctx: Ctx; input: ListInvoicesInput }) {
  requirePermission(ctx, "documents:read");
  const scope = companyScope(ctx);
  const after = decodeCursor(input.cursor, isKey);
  const where: SQL[] = [
    eq(invoices.companyId, scope.companyId),
    await accountFilter(ctx.db, scope, { accountId: input.account_id, groupId: input.group_id }),
  ];
  if (input.period) where.push(eq(invoices.period, input.period));
  if (input.status) where.push(eq(invoices.status, input.status));
  if (input.kind) where.push(eq(invoices.kind, input.kind));
  if (input.number) where.push(eq(invoices.number, input.number.trim()));
  if (after) where.push(sql`(${invoices.year}, ${invoices.seq}) < (${after.y}, ${after.s})`);
  const r = await ctx.db
    .select({ inv: invoices, accountNumber: accounts.number, groupId: accounts.groupId, paid })
    .from(invoices)
    .innerJoin(accounts, eq(accounts.id, invoices.accountId))
    .where(and(...where))
    .orderBy(desc(invoices.year), desc(invoices.seq))
    .limit(input.limit + 1);
  const base = baseUrlOf(ctx);
  const p = page(r, input.limit, (x) => ({ y: x.inv.year, s: x.inv.seq }));
  return {
    data: p.data.map((x) =>
      invoiceView({ ...x.inv, accountNumber: x.accountNumber, groupId: x.groupId, paidAmount: x.paid }, base),
    ),
    next_cursor: p.next_cursor,
  };
}

/** One invoice with its lines; another company's (or a hidden group's) invoice is a 404. */
export async function getInvoice({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "documents:read");
  const scope = companyScope(ctx);
  const [x] = await ctx.db
    .select({ inv: invoices, accountNumber: accounts.number, groupId: accounts.groupId, paid })
    .from(invoices)
    .innerJoin(accounts, eq(accounts.id, invoices.accountId))
    .where(
      and(
        eq(invoices.id, input.id),
        eq(invoices.companyId, scope.companyId),
        await accountFilter(ctx.db, scope, {}),
      ),
    );
  if (!x) throw notFound({ ru: "Счёт", en: "Invoice" });
  const lines = await ctx.db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, input.id))
    .orderBy(asc(invoiceLines.lineNo));
  return {
    ...invoiceView(
      { ...x.inv, accountNumber: x.accountNumber, groupId: x.groupId, paidAmount: x.paid },
      baseUrlOf(ctx),
    ),
    lines: lines.map(lineView),
  };
}
