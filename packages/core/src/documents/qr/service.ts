import { paymentInvoices } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { type Ctx, companyScope, requirePermission } from "../../context/index";
import { notFound } from "../../errors/index";
import { paymentPurpose } from "../pdf-service";
import { gostQrPayload, qrPurpose, qrSvg } from "./gost";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The payment QR of a bank-transfer invoice (`payment_invoice.<uuid>`) as the PDF prints it: the
 * payload and an SVG of it, for the portal's bank-transfer screen. Another company's is 404.
 */
export async function paymentInvoiceQr({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "documents:read");
  const scope = companyScope(ctx);
  const [kind, uuid] = input.id.split(".", 2);
  const missing = () => notFound({ ru: "Счёт на оплату", en: "Payment invoice" }, "document_not_found");
  if (kind !== "payment_invoice" || !uuid || !UUID.test(uuid)) throw missing();
  const [p] = await ctx.db
    .select()
    .from(paymentInvoices)
    .where(and(eq(paymentInvoices.id, uuid.toLowerCase()), eq(paymentInvoices.companyId, scope.companyId)));
  if (!p) throw missing();
  const payload = gostQrPayload({
    operator: ctx.config.operator,
    purpose: qrPurpose(paymentPurpose(p.number, p.issuedOn, p.lines, p.vatRateBp, p.vatAmount)),
    sum: p.totalAmount,
  });
  return { payload, svg: await qrSvg(payload) };
}
