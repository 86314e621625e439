import { accounts, companies, invoiceLines, invoices, type Queryable } from "@lk/db";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { CompanyScope, Ctx } from "../context/index";
import { notFound } from "../errors/index";
import { accountFilter } from "../invoices/scope";
import type { ClosingDoc, Party } from "./pdf/types";

export async function buyerOf(db: Queryable, companyId: string): Promise<Party & { contract: string }> {
  const [c] = await db.select().from(companies).where(eq(companies.id, companyId));
  if (!c) throw notFound({ ru: "Компания", en: "Company" });
  return { name: c.name, inn: c.inn, kpp: c.kpp, address: c.legalAddress, contract: c.contractNumber };
}

/** Act/VAT-invoice data of the visible invoices with these ids (missing ones are simply absent). */
export async function loadClosingDocs(ctx: Ctx, scope: CompanyScope, ids: string[]) {
  if (ids.length === 0) return [];
  const filter = await accountFilter(ctx.db, scope, {});
  const heads = await ctx.db
    .select({ inv: invoices, accountNumber: accounts.number, contract: accounts.contractNumber })
    .from(invoices)
    .innerJoin(accounts, eq(accounts.id, invoices.accountId))
    .where(and(inArray(invoices.id, ids), eq(invoices.companyId, scope.companyId), filter))
    .orderBy(asc(invoices.year), asc(invoices.seq));
  if (heads.length === 0) return [];
  const lines = await ctx.db
    .select()
    .from(invoiceLines)
    .where(
      inArray(
        invoiceLines.invoiceId,
        heads.map((h) => h.inv.id),
      ),
    )
    .orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.lineNo));
  const buyer = await buyerOf(ctx.db, scope.companyId);
  return heads.map((h): ClosingDoc & { invoiceId: string } => ({
    invoiceId: h.inv.id,
    number: h.inv.number,
    date: h.inv.issuedOn,
    period: h.inv.period,
    seller: ctx.config.operator,
    buyer,
    accountNumber: h.accountNumber,
    contract: h.contract ?? buyer.contract,
    lines: lines
      .filter((l) => l.invoiceId === h.inv.id)
      .map((l) => ({
        description: l.description,
        unit: l.unit,
        quantity: Number(l.quantity),
        net: l.netAmount,
        rateBp: l.vatRateBp,
        vat: l.vatAmount,
        total: l.totalAmount,
      })),
    net: h.inv.netAmount,
    vat: h.inv.vatAmount,
    total: h.inv.totalAmount,
  }));
}
