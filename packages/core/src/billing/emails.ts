import { rows, type Tx } from "@lk/db";
import { sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { uuidArray } from "./load";
import { periodNameRu } from "./period";
import { isoDateSql, rubSql } from "./rub-sql";

/**
 * One outbox e-mail per new invoice (with its act and VAT invoice) per address the company chose,
 * for a whole batch in one INSERT … SELECT (it was one statement per e-mail).
 */
export async function emailInvoices(
  tx: Tx,
  ctx: Ctx,
  invoiceIds: string[],
  period: string,
  now: Date,
): Promise<void> {
  if (invoiceIds.length === 0) return;
  const base = ctx.config.publicUrl.replace(/\/$/, "");
  const month = periodNameRu(period);
  const total = rubSql(sql`i.total_amount`);
  const vat = rubSql(sql`i.vat_amount`);
  const due = isoDateSql(sql`i.due_on`);
  await rows(
    tx,
    sql`INSERT INTO outbox_messages (channel, recipient, subject, body, kind, company_id, created_at)
        SELECT 'email', r.email, 'Счёт № ' || i.number || ' за ' || ${month}::text || ' / Invoice ' || i.number,
               'Выставлен счёт № ' || i.number || ' на ' || ${total} || ' руб. (в т.ч. НДС ' || ${vat} || ' руб.), оплатить до ' || ${due} || E'.\n' ||
               'Счёт: ' || ${base}::text || '/v1/invoices/' || i.id || E'/pdf\n' ||
               'Акт: ' || ${base}::text || '/v1/documents/act.' || i.id || E'/pdf\n' ||
               'Счёт-фактура: ' || ${base}::text || '/v1/documents/vat_invoice.' || i.id || E'/pdf\n\n' ||
               'Invoice ' || i.number || ': ' || ${total} || ' RUB incl. VAT, due ' || ${due} || '.',
               'document_issued', i.company_id, ${now.toISOString()}::timestamptz
          FROM invoices i JOIN document_recipients r ON r.company_id = i.company_id
         WHERE i.id = ANY(${uuidArray(invoiceIds)})`,
  );
}
