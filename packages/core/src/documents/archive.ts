import { accounts, invoices } from "@lk/db";
import { and, eq } from "drizzle-orm";
import { Zip, ZipPassThrough } from "fflate";
import { parsePeriod } from "../billing/period";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { accountFilter } from "../invoices/scope";
import { loadClosingDocs } from "./load";
import { renderAct } from "./pdf/act";
import { renderVatInvoice } from "./pdf/vat-invoice";

/**
 * A zip of every closing document (act and VAT invoice) of a period, for the company or a group.
 * PDFs are rendered one at a time as the client reads, so memory stays flat for big companies.
 */
export async function documentsArchive({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { period: string; group_id?: string | undefined };
}): Promise<{ filename: string; stream: ReadableStream<Uint8Array>; count: number }> {
  requirePermission(ctx, "documents:read");
  const scope = companyScope(ctx);
  const period = parsePeriod(input.period, ctx.config.timeZone, "query.period");
  const filter = await accountFilter(ctx.db, scope, { groupId: input.group_id });
  const ids = await ctx.db
    .select({ id: invoices.id })
    .from(invoices)
    .innerJoin(accounts, eq(accounts.id, invoices.accountId))
    .where(and(eq(invoices.companyId, scope.companyId), eq(invoices.period, period.id), filter));
  const docs = await loadClosingDocs(
    ctx,
    scope,
    ids.map((i) => i.id),
  );
  let next = 0;
  let zip: Zip;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((err, chunk, final) => {
        if (err) return controller.error(err);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    async pull() {
      const d = docs[next++];
      if (!d) {
        zip.end();
        return;
      }
      const base = `${d.number}_${d.accountNumber}`;
      for (const [name, content] of [
        [`act_${base}.pdf`, await renderAct(d)],
        [`vat_invoice_${base}.pdf`, await renderVatInvoice(d)],
      ] as const) {
        const entry = new ZipPassThrough(name);
        zip.add(entry);
        entry.push(new Uint8Array(content), true);
      }
    },
  });
  return { filename: `documents_${period.id}.zip`, stream, count: docs.length * 2 };
}
