import { paymentInvoices } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { dateRu, periodNameRu } from "../billing/period";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { invalidField, notFound } from "../errors/index";
import { buyerOf, loadClosingDocs } from "./load";
import { renderAct } from "./pdf/act";
import { renderPaymentInvoice } from "./pdf/payment-invoice";
import { renderVatInvoice } from "./pdf/vat-invoice";
import { money } from "./pdf/words";

export const documentKinds = ["act", "vat_invoice", "upd", "payment_invoice"] as const;
export type DocumentKind = (typeof documentKinds)[number];

export interface PdfFile {
  filename: string;
  content: Buffer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Document ids are `<kind>.<uuid>`: an act and a VAT invoice are two views of one invoice. */
export function parseDocumentId(id: string): { kind: DocumentKind; id: string } {
  const [kind, uuid] = id.split(".", 2);
  if (!kind || !uuid || !(documentKinds as readonly string[]).includes(kind) || !UUID.test(uuid)) {
    throw invalidField("path.id", "invalid_document_id", {
      ru: "Идентификатор документа вида act.<uuid>, vat_invoice.<uuid>, upd.<uuid> или payment_invoice.<uuid>",
      en: "A document id looks like act.<uuid>, vat_invoice.<uuid>, upd.<uuid> or payment_invoice.<uuid>",
    });
  }
  return { kind: kind as DocumentKind, id: uuid.toLowerCase() };
}

const docNotFound = () => notFound({ ru: "Документ", en: "Document" });

/** The PDF of one document (rendered on request from the stored data, so always consistent). */
export async function documentPdf({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<PdfFile> {
  requirePermission(ctx, "documents:read");
  const scope = companyScope(ctx);
  const ref = parseDocumentId(input.id);
  if (ref.kind === "payment_invoice") return paymentInvoicePdf(ctx, ref.id);
  const [d] = await loadClosingDocs(ctx, scope, [ref.id]);
  if (!d) throw docNotFound();
  if (ref.kind === "act") return { filename: `act_${d.number}.pdf`, content: await renderAct(d) };
  return {
    filename: `${ref.kind}_${d.number}.pdf`,
    content: await renderVatInvoice(d, { upd: ref.kind === "upd" }),
  };
}

async function paymentInvoicePdf(ctx: Ctx, id: string): Promise<PdfFile> {
  const scope = companyScope(ctx);
  const [p] = await ctx.db
    .select()
    .from(paymentInvoices)
    .where(and(eq(paymentInvoices.id, id), eq(paymentInvoices.companyId, scope.companyId)));
  if (!p) throw docNotFound();
  const buyer = await buyerOf(ctx.db, scope.companyId);
  const content = await renderPaymentInvoice({
    number: p.number,
    date: p.issuedOn,
    seller: ctx.config.operator,
    buyer,
    lines: p.lines.map((l) => ({
      description: `Оплата услуг связи, лицевой счёт ${l.account_number}`,
      amount: l.amount,
    })),
    total: p.totalAmount,
    vatRateBp: p.vatRateBp,
    vat: p.vatAmount,
    purpose: paymentPurpose(p.number, p.issuedOn, p.lines, p.vatRateBp, p.vatAmount),
  });
  return { filename: `payment_invoice_${p.number}.pdf`, content };
}

/**
 * The purpose line the customer's bank payment must carry, naming every personal account (and,
 * for a monthly invoice, its period). Amounts say «руб.» (a bank's purpose field is windows-1251,
 * which has no ₽); the text never puts a full stop after that abbreviation's own («руб..»).
 */
export function paymentPurpose(
  number: string,
  date: string,
  lines: { account_number: string; amount: number }[],
  rateBp: number,
  vat: number,
  period?: string,
) {
  const accs =
    lines.length === 1
      ? `лицевой счёт ${lines[0]!.account_number}`
      : `лицевые счета: ${lines.map((l) => `${l.account_number} — ${money(l.amount)} руб.`).join("; ")}`;
  const what = period ? `Оплата услуг связи за ${periodNameRu(period)}` : "Оплата услуг связи";
  return `${what} по счёту № ${number} от ${dateRu(date)}; ${accs}; в т.ч. НДС (${rateBp / 100}%) ${money(vat)} руб.`;
}

/** A monthly invoice as a bank-transfer invoice (счёт на оплату) for its account. */
export async function invoicePdf({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<PdfFile> {
  requirePermission(ctx, "documents:read");
  const [d] = await loadClosingDocs(ctx, companyScope(ctx), [input.id]);
  if (!d) throw notFound({ ru: "Счёт", en: "Invoice" });
  const rateBp = d.lines[0]?.rateBp ?? 0;
  const content = await renderPaymentInvoice({
    number: d.number,
    date: d.date,
    seller: d.seller,
    buyer: d.buyer,
    lines: d.lines.map((l) => ({ description: l.description, amount: l.total })),
    total: d.total,
    vatRateBp: rateBp,
    vat: d.vat,
    purpose: paymentPurpose(
      d.number,
      d.date,
      [{ account_number: d.accountNumber, amount: d.total }],
      rateBp,
      d.vat,
      d.period,
    ),
  });
  return { filename: `invoice_${d.number}.pdf`, content };
}
