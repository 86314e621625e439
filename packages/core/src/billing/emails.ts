import { rows, type Tx } from "@lk/db";
import { sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { dateEnSql, dateRuSql, periodText } from "../time/index";
import { INVOICE_DIGEST_OVER } from "./announce";
import { uuidArray } from "./load";
import { countEnSql, countRuSql, pluralSql, rubEnSql, rubRuSql } from "./rub-sql";

/**
 * The e-mails to the addresses the company chose for documents, for a whole batch in one
 * INSERT … SELECT. A company with at most INVOICE_DIGEST_OVER new invoices in the batch gets one
 * e-mail per invoice (links to the invoice, its act and VAT invoice); above that, one e-mail per
 * address with the count, the total, the numbers and a link to the period's zip of all closing
 * documents (docs/adr/0067-billing-batches-follow-companies.md): an accountant of 1 000 accounts
 * used to get 1 000 e-mails a month.
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
  // Texts as people read them (ADR 0081): «за ноябрь 2026», «1 250,50 ₽», «20 декабря 2026».
  const month = periodText(period, "ru");
  const monthEn = periodText(period, "en");
  const totalRu = rubRuSql(sql`i.total_amount`);
  const vatRu = rubRuSql(sql`i.vat_amount`);
  const totalEn = rubEnSql(sql`i.total_amount`);
  const dueRu = dateRuSql(sql`i.due_on`);
  const dueEn = dateEnSql(sql`i.due_on`);
  const n = sql`d.n`;
  const dueFirstRu = dateRuSql(sql`d.due_on`);
  const dueFirstEn = dateEnSql(sql`d.due_on`);
  await rows(
    tx,
    sql`WITH inv AS (
          SELECT i.id, i.company_id, i.number, i.year, i.seq, i.total_amount, i.vat_amount, i.due_on,
                 count(*) OVER (PARTITION BY i.company_id) AS n
            FROM invoices i
           WHERE i.id = ANY(${uuidArray(invoiceIds)})),
        digest AS (
          SELECT company_id, count(*)::int AS n, sum(total_amount) AS total, sum(vat_amount) AS vat,
                 min(due_on) AS due_on,
                 (array_agg(number ORDER BY year, seq))[1] AS first_number,
                 (array_agg(number ORDER BY year DESC, seq DESC))[1] AS last_number
            FROM inv WHERE n > ${INVOICE_DIGEST_OVER}::int
           GROUP BY company_id),
        mail AS (
          SELECT i.company_id,
                 'Счёт № ' || i.number || ' за ' || ${month}::text || ' / Invoice ' || i.number AS subject,
                 'Выставлен счёт № ' || i.number || ' на ' || ${totalRu} || ' ₽ (в т.ч. НДС ' || ${vatRu} || ' ₽), срок оплаты — ' || ${dueRu} || E'.\n' ||
                 'Счёт: ' || ${base}::text || '/v1/invoices/' || i.id || E'/pdf\n' ||
                 'Акт: ' || ${base}::text || '/v1/documents/act.' || i.id || E'/pdf\n' ||
                 'Счёт-фактура: ' || ${base}::text || '/v1/documents/vat_invoice.' || i.id || E'/pdf\n\n' ||
                 'Invoice ' || i.number || ' for ' || ${monthEn}::text || ': ' || ${totalEn} || ' ₽ incl. VAT, due ' || ${dueEn} || '.' AS body
            FROM inv i WHERE i.n <= ${INVOICE_DIGEST_OVER}::int
          UNION ALL
          SELECT d.company_id,
                 'Документы за ' || ${month}::text || ': ' || ${countRuSql(n)} || ' ' || ${pluralSql(n, ["счёт", "счёта", "счетов"])} ||
                   ' / Documents for ' || ${monthEn}::text || ': ' || ${countEnSql(n)} || ' invoices',
                 ${pluralSql(n, ["Выставлен", "Выставлено", "Выставлено"])} || ' ' || ${countRuSql(n)} || ' ' || ${pluralSql(n, ["счёт", "счёта", "счетов"])} ||
                   ' № ' || d.first_number || ' … ' || d.last_number || ' на ' || ${rubRuSql(sql`d.total`)} || ' ₽ (в т.ч. НДС ' || ${rubRuSql(sql`d.vat`)} ||
                   ' ₽), ближайший срок оплаты — ' || ${dueFirstRu} || E'.\n' ||
                 'Счета, акты и счета-фактуры за период одним архивом: ' || ${base}::text || '/v1/documents/archive?period=' || ${period}::text || E'\n' ||
                 'Список счетов: ' || ${base}::text || '/v1/invoices?period=' || ${period}::text || E'\n\n' ||
                 ${countEnSql(n)} || ' invoices ' || d.first_number || ' … ' || d.last_number || ' for ' || ${monthEn}::text || ': ' ||
                   ${rubEnSql(sql`d.total`)} || ' ₽ incl. VAT, earliest due ' || ${dueFirstEn} || E'.\n' ||
                 'All invoices, acts and VAT invoices of the period in one zip: ' || ${base}::text || '/v1/documents/archive?period=' || ${period}::text
            FROM digest d)
        INSERT INTO outbox_messages (channel, recipient, subject, body, kind, company_id, created_at)
        SELECT 'email', r.email, m.subject, m.body, 'document_issued', m.company_id, ${now.toISOString()}::timestamptz
          FROM mail m JOIN document_recipients r ON r.company_id = m.company_id`,
  );
}
