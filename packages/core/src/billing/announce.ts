import { insertRecordset, type invoices, rows, type Tx } from "@lk/db";
import { sql } from "drizzle-orm";
import type { Ctx } from "../context/index";
import { invoiceView } from "../invoices/view";
import { eventPayload, newEventId } from "../webhooks/emit";
import { ALL_EVENTS } from "../webhooks/events";
import { uuidArray } from "./load";
import { isoDateSql, rubSql } from "./rub-sql";

type Created = typeof invoices.$inferInsert;
type InvoiceRow = typeof invoices.$inferSelect;
export type CreatedInvoice = Created & { id: string; accountNumber: string; groupId: string | null };

/**
 * Tells the world about the invoices a billing batch just created, in the batch's transaction:
 * the `invoice.issued` webhook (the invoice as `GET /v1/invoices/{id}` shows it) to every
 * subscribed endpoint, and the `invoice_issued` notice to the users who see the account. A batch
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
  await noticeInvoices(
    tx,
    created.map((r) => r.id),
    now,
  );
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

/**
 * notify() for a batch of invoices in one statement: an in-app row per active user who sees the
 * account (users limited to groups hear only of accounts in those groups or their subgroups), and
 * an e-mail where the user's preferences allow it. The (user, dedupe key) unique index keeps it
 * idempotent, as in notify(); keep the two in step.
 */
async function noticeInvoices(tx: Tx, invoiceIds: string[], now: Date) {
  const at = sql`${now.toISOString()}::timestamptz`;
  const total = rubSql(sql`i.total_amount`);
  const due = isoDateSql(sql`i.due_on`);
  await rows(
    tx,
    sql`WITH target AS (
          SELECT i.id, i.company_id, i.account_id, i.period::text AS period, i.total_amount, u.id AS user_id,
                 coalesce(p.in_app, true) AS in_app,
                 'Выставлен счёт № ' || i.number AS title_ru,
                 'Invoice ' || i.number || ' issued' AS title_en,
                 'Счёт № ' || i.number || ' за ' || i.period || ' по лицевому счёту ' || a.number || ': ' || ${total} || ' ₽, оплатить до ' || ${due} || '.' AS body_ru,
                 'Invoice ' || i.number || ' for ' || i.period || ', account ' || a.number || ': ' || ${total} || ' RUB, due ' || ${due} || '.' AS body_en
            FROM invoices i
            JOIN accounts a ON a.id = i.account_id
            JOIN users u ON u.company_id = i.company_id AND u.status = 'active'
            LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.kind = 'invoice_issued'
           WHERE i.id = ANY(${uuidArray(invoiceIds)})
             AND (NOT EXISTS (SELECT 1 FROM user_groups g WHERE g.user_id = u.id)
                  OR EXISTS (SELECT 1 FROM user_groups g WHERE g.user_id = u.id
                               AND g.group_id IN (a.group_id, (SELECT parent_id FROM account_groups x WHERE x.id = a.group_id))))),
        noticed AS (
          INSERT INTO notifications (company_id, user_id, kind, title_ru, title_en, body_ru, body_en, data, dedupe_key, in_app, created_at)
          SELECT company_id, user_id, 'invoice_issued', title_ru, title_en, body_ru, body_en,
                 jsonb_build_object('invoice_id', id, 'account_id', account_id, 'period', period, 'amount', total_amount),
                 'invoice_issued:' || id, in_app, ${at}
            FROM target
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
