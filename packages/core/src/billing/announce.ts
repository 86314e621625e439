import { insertRecordset, type invoices, rows, type Tx } from "@lk/db";
import { sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { invoiceView } from "../invoices/view";
import { dateEnSql, dateRuSql, periodEnSql, periodRuSql } from "../time/index";
import { eventPayload, newEventId } from "../webhooks/emit";
import { ALL_EVENTS } from "../webhooks/events";
import { uuidArray } from "./load";
import { countEnSql, countRuSql, isoDateSql, pluralSql, rubEnSql, rubRuSql } from "./rub-sql";

type Created = typeof invoices.$inferInsert;
type InvoiceRow = typeof invoices.$inferSelect;
export type CreatedInvoice = Created & { id: string; accountNumber: string; groupId: string | null };

/**
 * Tells the world about the invoices a billing batch just created, in the batch's transaction:
 * the `invoice.issued` webhook (the invoice as `GET /v1/invoices/{id}` shows it) to every
 * subscribed endpoint, and the `invoice_issued` notice to the users who see the account (per
 * invoice, or one digest for a user given more than INVOICE_DIGEST_OVER of them). A batch
 * that commits announces its invoices exactly once; a re-run creates no invoice, so it announces
 * nothing. A few statements per batch, whatever its size (it was a few per invoice).
 */
export async function announceInvoices(
  tx: Tx,
  ctx: Ctx,
  created: CreatedInvoice[],
  now: Date,
): Promise<void> {
  if (created.length === 0) return;
  await queueWebhooks(tx, ctx, created, now);
  await noticeInvoices(tx, created, now);
}

/** What emitEvent() does per event, for a batch: one query for the endpoints, one insert. */
async function queueWebhooks(tx: Tx, ctx: Ctx, created: CreatedInvoice[], now: Date) {
  const companyIds = [...new Set(created.map((r) => r.companyId))];
  const endpoints = await rows<{ id: string; company_id: string }>(
    tx,
    sql`SELECT id, company_id FROM webhook_endpoints
         WHERE company_id = ANY(${uuidArray(companyIds)}) AND status = 'active' AND deleted_at IS NULL
           AND ('invoice.issued' = ANY(events) OR ${ALL_EVENTS} = ANY(events))`,
  );
  if (endpoints.length === 0) return;
  const byCompany = new Map<string, string[]>();
  for (const e of endpoints) byCompany.set(e.company_id, [...(byCompany.get(e.company_id) ?? []), e.id]);
  const base = ctx.config.publicUrl.replace(/\/$/, "");
  const deliveries: Record<string, unknown>[] = [];
  for (const r of created) {
    const to = byCompany.get(r.companyId);
    if (!to) continue;
    // One event (one webhook-id) per invoice, one delivery per subscribed endpoint.
    const eventId = newEventId();
    const row = { ...r, status: "issued", paidAt: null } as unknown as InvoiceRow;
    const payload = eventPayload(
      "invoice.issued",
      invoiceView({ ...row, accountNumber: r.accountNumber, groupId: r.groupId }, base),
      now,
    );
    for (const endpointId of to) {
      deliveries.push({
        event_id: eventId,
        company_id: r.companyId,
        endpoint_id: endpointId,
        event_type: "invoice.issued",
        payload,
        next_attempt_at: now,
        created_at: now,
        updated_at: now,
      });
    }
  }
  await insertRecordset(tx, "webhook_deliveries", DELIVERY_COLUMNS, deliveries);
}

const DELIVERY_COLUMNS = {
  event_id: "text",
  company_id: "uuid",
  endpoint_id: "uuid",
  event_type: "text",
  payload: "jsonb",
  next_attempt_at: "timestamptz",
  created_at: "timestamptz",
  updated_at: "timestamptz",
};

/** Up to this many invoices in a batch, a user hears of each; above it, one digest of them all. */
export const INVOICE_DIGEST_OVER = 5;

/**
 * notify() for a batch of invoices in one statement: the `invoice_issued` notice for each active
 * user who sees the account (users limited to groups hear only of accounts in those groups or
 * their subgroups) — one per invoice when the batch gives the user at most INVOICE_DIGEST_OVER of
 * them, else one digest (count, total, earliest due date, first and last number) — and an e-mail
 * where the user's preferences allow it. The (user, dedupe key) unique index keeps it idempotent,
 * as in notify(); keep the two in step. The company's document recipients still get one e-mail
 * per invoice (emails.ts), and integrators one `invoice.issued` webhook per invoice.
 */
async function noticeInvoices(tx: Tx, created: CreatedInvoice[], now: Date) {
  // The batch's invoices travel as one JSON recordset with their account's number and group:
  // looking them up by id = ANY(…) made the planner hash-join every account and invoice (~40 ms
  // a batch at 100 000 accounts).
  const batch = JSON.stringify(
    created.map((r) => ({
      id: r.id,
      company_id: r.companyId,
      account_id: r.accountId,
      account_number: r.accountNumber,
      group_id: r.groupId,
      period: r.period,
      number: r.number,
      year: r.year,
      seq: r.seq,
      total_amount: r.totalAmount,
      due_on: r.dueOn,
    })),
  );
  const at = sql`${now.toISOString()}::timestamptz`;
  // Texts as people read them (ADR 0081): «за ноябрь 2026», «1 250,50 ₽», «срок оплаты — 20 декабря 2026».
  const totalRu = rubRuSql(sql`t.total_amount`);
  const totalEn = rubEnSql(sql`t.total_amount`);
  const periodRu = periodRuSql(sql`t.period`);
  const periodEn = periodEnSql(sql`t.period`);
  const n = sql`d.n`;
  const dueFirst = isoDateSql(sql`d.due_on`);
  const verb = pluralSql(n, ["Выставлен", "Выставлено", "Выставлено"]);
  const noun = pluralSql(n, ["счёт", "счёта", "счетов"]);
  await rows(
    tx,
    sql`WITH target AS (
          SELECT i.id, i.company_id, i.account_id, i.period, i.number, i.year, i.seq,
                 i.total_amount, i.due_on, i.account_number, u.id AS user_id,
                 count(*) OVER (PARTITION BY u.id) AS n
            FROM json_to_recordset(${batch}::json) AS i(id uuid, company_id uuid, account_id uuid, account_number text,
                   group_id uuid, period text, number text, year int, seq int, total_amount bigint, due_on date)
            JOIN users u ON u.company_id = i.company_id AND u.status = 'active'
           WHERE NOT EXISTS (SELECT 1 FROM user_groups g WHERE g.user_id = u.id)
              OR EXISTS (SELECT 1 FROM user_groups g WHERE g.user_id = u.id
                           AND g.group_id IN (i.group_id, (SELECT parent_id FROM account_groups x WHERE x.id = i.group_id)))),
        digest AS (
          SELECT user_id, company_id, period, count(*)::int AS n,
                 sum(total_amount) AS amount, min(due_on) AS due_on,
                 (array_agg(id ORDER BY year, seq))[1] AS first_id,
                 (array_agg(number ORDER BY year, seq))[1] AS first_number,
                 (array_agg(number ORDER BY year DESC, seq DESC))[1] AS last_number
            FROM target WHERE n > ${INVOICE_DIGEST_OVER}::int
           GROUP BY user_id, company_id, period),
        notice AS (
          SELECT t.company_id, t.user_id,
                 'Выставлен счёт № ' || t.number AS title_ru,
                 'Invoice ' || t.number || ' issued' AS title_en,
                 'Счёт № ' || t.number || ' за ' || ${periodRu} || ' по лицевому счёту ' || t.account_number || ': ' || ${totalRu} || ' ₽, срок оплаты — ' || ${dateRuSql(sql`t.due_on`)} || '.' AS body_ru,
                 'Invoice ' || t.number || ' for ' || ${periodEn} || ', account ' || t.account_number || ': ' || ${totalEn} || ' ₽, due ' || ${dateEnSql(sql`t.due_on`)} || '.' AS body_en,
                 jsonb_build_object('invoice_id', t.id, 'account_id', t.account_id, 'period', t.period, 'amount', t.total_amount) AS data,
                 'invoice_issued:' || t.id AS dedupe_key
            FROM target t WHERE t.n <= ${INVOICE_DIGEST_OVER}::int
          UNION ALL
          SELECT d.company_id, d.user_id,
                 ${verb} || ' ' || ${countRuSql(n)} || ' ' || ${noun} || ' за ' || ${periodRuSql(sql`d.period`)} || ' на сумму ' || ${rubRuSql(sql`d.amount`)} || ' ₽',
                 ${countEnSql(n)} || ' invoices issued for ' || ${periodEnSql(sql`d.period`)} || ', total ' || ${rubEnSql(sql`d.amount`)} || ' ₽',
                 'Счета № ' || d.first_number || ' … ' || d.last_number || ' за ' || ${periodRuSql(sql`d.period`)} || ', всего ' || ${rubRuSql(sql`d.amount`)} || ' ₽, ближайший срок оплаты — ' || ${dateRuSql(sql`d.due_on`)} || '. Список — в разделе «Счета».',
                 'Invoices ' || d.first_number || ' … ' || d.last_number || ' for ' || ${periodEnSql(sql`d.period`)} || ', total ' || ${rubEnSql(sql`d.amount`)} || ' ₽, earliest due ' || ${dateEnSql(sql`d.due_on`)} || '. See Invoices for the list.',
                 jsonb_build_object('period', d.period, 'count', d.n, 'amount', d.amount, 'currency', 'RUB',
                                    'due_on', ${dueFirst}, 'first_invoice_id', d.first_id,
                                    'first_number', d.first_number, 'last_number', d.last_number),
                 'invoices_issued:' || d.period || ':' || d.first_id
            FROM digest d),
        noticed AS (
          INSERT INTO notifications (company_id, user_id, kind, title_ru, title_en, body_ru, body_en, data, dedupe_key, in_app, created_at)
          SELECT x.company_id, x.user_id, 'invoice_issued', x.title_ru, x.title_en, x.body_ru, x.body_en, x.data,
                 x.dedupe_key, coalesce(p.in_app, true), ${at}
            FROM notice x
            LEFT JOIN notification_preferences p ON p.user_id = x.user_id AND p.kind = 'invoice_issued'
          ON CONFLICT (user_id, dedupe_key) DO NOTHING
          RETURNING company_id, user_id, title_ru, body_ru, body_en)
        -- Joined by key to users, not back to target: a join of two CTEs has no statistics and
        -- became a nested loop (batch² comparisons).
        INSERT INTO outbox_messages (channel, recipient, subject, body, kind, company_id, user_id, created_at)
        SELECT 'email', u.email, n.title_ru, n.body_ru || E'\n\n' || n.body_en, 'notice_invoice_issued', n.company_id, n.user_id, ${at}
          FROM noticed n JOIN users u ON u.id = n.user_id
          LEFT JOIN notification_preferences p ON p.user_id = n.user_id AND p.kind = 'invoice_issued'
         WHERE coalesce(p.email, true) AND u.email IS NOT NULL`,
  );
}
