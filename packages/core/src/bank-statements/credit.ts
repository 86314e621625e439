import { randomUUID } from "node:crypto";
import { insertRecordset, rows, type Tx } from "@lk/db";
import { sql } from "drizzle-orm";
import { resumeSettledAccounts } from "../accounts/resume";
import { countEnSql, countRuSql, pluralSql, rubEnSql, rubRuSql } from "../billing/rub-sql";
import type { Ctx } from "../context/index";
import { settleInvoices } from "../invoices/settle";
import { type LedgerLine, postLedger } from "../ledger/post";
import { rub } from "../money/format";
import { paymentJson } from "../payments/serialize";
import { eventPayload, newEventId } from "../webhooks/emit";
import { ALL_EVENTS } from "../webhooks/events";
import type { PlannedItem } from "./match";
import type { StatementDocument } from "./types";

/** «Платёжное поручение № 123 от 05.12.2026»: the payment's source document, as people read it. */
export function sourceDocument(d: Pick<StatementDocument, "kind" | "number" | "date">): string {
  const kind = /платежн/i.test(d.kind) || !d.kind ? "Платёжное поручение" : d.kind;
  return `${kind} № ${d.number} от ${d.date.split("-").reverse().join(".")}`;
}

/** One bank credit to write: a succeeded payment of source `bank`, method `bank_transfer`. */
export interface BankCredit {
  companyId: string;
  /** Idempotency key of the payment: unique per company. */
  key: string;
  description: string;
  items: PlannedItem[];
  /** When the money arrived (the document's date). */
  occurredAt: Date;
}

/**
 * Writes many bank credits at once, in the caller's transaction, set-based: the payments and their
 * items (two statements), the accounts' ledger credits (one bulk post), the invoices they settle
 * (one statement, ADR 0070), suspended accounts resumed, the «payment received» notices and e-mails
 * (one statement), the `payment.succeeded` webhooks (one statement). Returns the payment ids in
 * the order of `credits`.
 */
export async function writeBankCredits(tx: Tx, ctx: Ctx, credits: BankCredit[]): Promise<string[]> {
  if (credits.length === 0) return [];
  const now = ctx.now();
  const stamp = now.toISOString();
  const ids = credits.map(() => randomUUID());
  await insertRecordset(
    tx,
    "payments",
    {
      id: "uuid",
      company_id: "uuid",
      source: "text",
      method: "text",
      status: "text",
      amount: "bigint",
      charged_amount: "bigint",
      description: "text",
      idempotency_key: "text",
      status_changed_at: "timestamptz",
      succeeded_at: "timestamptz",
      created_at: "timestamptz",
      updated_at: "timestamptz",
    },
    credits.map((c, n) => {
      const amount = c.items.reduce((s, i) => s + i.amount, 0);
      return {
        id: ids[n],
        company_id: c.companyId,
        source: "bank",
        method: "bank_transfer",
        status: "succeeded",
        amount,
        charged_amount: amount,
        description: c.description,
        idempotency_key: c.key,
        status_changed_at: c.occurredAt.toISOString(),
        succeeded_at: stamp,
        created_at: stamp,
        updated_at: stamp,
      };
    }),
  );
  await insertRecordset(
    tx,
    "payment_items",
    {
      payment_id: "uuid",
      position: "int",
      company_id: "uuid",
      account_id: "uuid",
      invoice_id: "uuid",
      amount: "bigint",
    },
    credits.flatMap((c, n) =>
      c.items.map((i, position) => ({
        payment_id: ids[n],
        position,
        company_id: c.companyId,
        account_id: i.accountId,
        invoice_id: i.invoiceId,
        amount: i.amount,
      })),
    ),
  );
  const lines: LedgerLine[] = credits.flatMap((c, n) =>
    c.items.map((i) => ({
      accountId: i.accountId,
      kind: "payment" as const,
      amount: i.amount,
      description: `Оплата: ${c.description}${i.invoiceNumber ? ` по счёту ${i.invoiceNumber}` : ""}`,
      refType: "payment",
      refId: ids[n]!,
      effectiveAt: c.occurredAt,
    })),
  );
  await postLedger(tx, lines, { now });
  const all = credits.flatMap((c) => c.items);
  await settleInvoices(tx, all, now);
  await resumeSettledAccounts(
    tx,
    ctx,
    all.map((i) => i.accountId),
    { kind: "payment", id: ids[0]! },
  );
  await noticesReceived(
    tx,
    credits.flatMap((c, n) => c.items.map((i) => ({ ...i, paymentId: ids[n]! }))),
    now,
  );
  await webhooks(tx, credits, ids, now);
  return ids;
}

/** Up to this many credits in one batch, a user hears of each; above it, one digest (ADR 0067's rule). */
export const PAYMENT_DIGEST_OVER = 5;

/**
 * The «payment received» notice of each item to the company's users who see its account, and its
 * e-mail where their preferences allow — `notify` (notifications/notify.ts) for many items in one
 * statement. As for invoices (ADR 0067), a user whom the batch gives more than PAYMENT_DIGEST_OVER
 * credits gets one digest instead (count and total): a statement with 500 payments of a company is
 * one notice and one e-mail per user, not 500 — and the import writes far fewer rows.
 *
 * Who sees which item is decided here over the batch's users (a few per company), so the database
 * gets only the notes to write: joining every item to every user in SQL (then counting them per
 * user) was ~0.1 s a batch of 2 000 documents for some 60 rows written.
 */
async function noticesReceived(tx: Tx, items: (PlannedItem & { paymentId: string })[], now: Date) {
  if (items.length === 0) return;
  const companies = [...new Set(items.map((i) => i.companyId))];
  const users = await rows<{ id: string; company_id: string; in_app: boolean; groups: string[] | null }>(
    tx,
    sql`SELECT u.id, u.company_id, COALESCE(np.in_app, true) AS in_app,
               (SELECT array_agg(ug.group_id::text) FROM user_groups ug WHERE ug.user_id = u.id) AS groups
          FROM users u
          LEFT JOIN notification_preferences np ON np.user_id = u.id AND np.kind = 'payment_received'
         WHERE u.company_id = ANY(${`{${companies.join(",")}}`}::uuid[]) AND u.status = 'active'`,
  );
  if (users.length === 0) return;
  // A user restricted to account groups sees an account of one of them or of a subgroup of one.
  const groupsOf = new Map<string, (string | null)[]>();
  if (users.some((u) => u.groups?.length)) {
    const accs = [...new Set(items.map((i) => i.accountId))];
    for (const a of await rows<{ id: string; group_id: string | null; parent_id: string | null }>(
      tx,
      sql`SELECT a.id, a.group_id, g.parent_id FROM accounts a LEFT JOIN account_groups g ON g.id = a.group_id
           WHERE a.id = ANY(${`{${accs.join(",")}}`}::uuid[])`,
    ))
      groupsOf.set(a.id, [a.group_id, a.parent_id]);
  }
  const byCompany = new Map<string, typeof items>();
  for (const i of items) {
    const l = byCompany.get(i.companyId);
    if (l) l.push(i);
    else byCompany.set(i.companyId, [i]);
  }
  // The batch's first payment names its digests: a batch is written once (its documents are new).
  const digestKey = `payment_received_digest:${items[0]!.paymentId}:`;
  const notes: Record<string, unknown>[] = [];
  for (const u of users) {
    const all = byCompany.get(u.company_id) ?? [];
    const mine = u.groups?.length
      ? all.filter((i) => (groupsOf.get(i.accountId) ?? []).some((g) => g !== null && u.groups!.includes(g)))
      : all;
    if (mine.length === 0) continue;
    const base = { company_id: u.company_id, user_id: u.id, in_app: u.in_app };
    if (mine.length > PAYMENT_DIGEST_OVER) {
      const total = mine.reduce((s, i) => s + i.amount, 0);
      notes.push({ ...base, n: mine.length, total, dedupe_key: `${digestKey}${u.id}` });
    } else
      for (const i of mine)
        notes.push({
          ...base,
          n: null,
          body_ru: `На лицевой счёт ${i.accountNumber} зачислено ${rub(i.amount, "ru")}`,
          body_en: `${rub(i.amount, "en")} credited to account ${i.accountNumber}`,
          data: JSON.stringify({ payment_id: i.paymentId, account_id: i.accountId, amount: i.amount }),
          dedupe_key: `payment_received:${i.paymentId}:${i.accountId}`,
        });
  }
  if (notes.length === 0) return;
  const at = now.toISOString();
  const count = sql`x.n`;
  await rows(
    tx,
    sql`WITH x AS (
          SELECT * FROM json_to_recordset(${JSON.stringify(notes)}::json) AS x(company_id uuid, user_id uuid,
            in_app boolean, n bigint, total bigint, body_ru text, body_en text, data text, dedupe_key text)
        ),
        notes AS (
          SELECT x.company_id, x.user_id, 'Платёж зачислен' AS title_ru, 'Payment received' AS title_en,
                 x.body_ru, x.body_en, x.data, x.dedupe_key, x.in_app
            FROM x WHERE x.n IS NULL
          UNION ALL
          SELECT x.company_id, x.user_id, 'Платежи зачислены', 'Payments received',
                 'Зачислено ' || ${countRuSql(count)} || ' ' || ${pluralSql(count, ["платёж", "платежа", "платежей"])}
                   || ' на ' || ${rubRuSql(sql`x.total`)} || ' ₽',
                 ${countEnSql(count)} || ' payments received, ' || ${rubEnSql(sql`x.total`)} || ' ₽ in total',
                 json_build_object('count', x.n, 'amount', x.total)::text, x.dedupe_key, x.in_app
            FROM x WHERE x.n IS NOT NULL
        ),
        n AS (
          INSERT INTO notifications (company_id, user_id, kind, title_ru, title_en, body_ru, body_en, data, dedupe_key, in_app, created_at)
          SELECT company_id, user_id, 'payment_received', title_ru, title_en, body_ru, body_en, data::jsonb, dedupe_key, in_app, ${at}::timestamptz
            FROM notes
          ON CONFLICT DO NOTHING
          RETURNING company_id, user_id, title_ru, body_ru, body_en
        )
        -- The e-mails from what was inserted, by the user's primary key (joining back to a CTE on
        -- the dedupe key made PostgreSQL compare every pair of rows: 70 s for 10 000 documents).
        INSERT INTO outbox_messages (channel, recipient, subject, body, kind, company_id, user_id, created_at)
        SELECT 'email', u.email, n.title_ru, n.body_ru || E'\\n\\n' || n.body_en, 'notice_payment_received', n.company_id, n.user_id, ${at}::timestamptz
          FROM n JOIN users u ON u.id = n.user_id
          LEFT JOIN notification_preferences np ON np.user_id = u.id AND np.kind = 'payment_received'
         WHERE COALESCE(np.email, true) AND u.email IS NOT NULL AND u.email <> ''`,
  );
}

/** `payment.succeeded` to each subscribed endpoint of each payment's company (`emitEvent`, set-based). */
async function webhooks(tx: Tx, credits: BankCredit[], ids: string[], now: Date) {
  const companies = [...new Set(credits.map((c) => c.companyId))];
  const subscribed = await rows<{ company_id: string }>(
    tx,
    sql`SELECT DISTINCT company_id FROM webhook_endpoints
         WHERE company_id = ANY(${`{${companies.join(",")}}`}::uuid[]) AND status = 'active' AND deleted_at IS NULL
           AND ('payment.succeeded' = ANY(events) OR ${ALL_EVENTS} = ANY(events))`,
  );
  if (subscribed.length === 0) return;
  const want = new Set(subscribed.map((s) => s.company_id));
  const stamp = now.toISOString();
  const events = credits.flatMap((c, n) => {
    if (!want.has(c.companyId)) return [];
    const amount = c.items.reduce((s, i) => s + i.amount, 0);
    const data = paymentJson({
      id: ids[n]!,
      status: "succeeded",
      source: "bank",
      method: "bank_transfer",
      amount,
      commission: 0,
      bonusAmount: 0,
      chargedAmount: amount,
      refundedAmount: 0,
      description: c.description,
      confirmationUrl: null,
      failureReason: null,
      cardMask: null,
      receiptEmail: null,
      receiptPhone: null,
      createdAt: now,
      updatedAt: now,
      succeededAt: now,
      items: c.items.map((i) => ({ ...i, bonusAmount: 0 })),
    } as unknown as Parameters<typeof paymentJson>[0]);
    return [
      {
        event_id: newEventId(),
        company_id: c.companyId,
        payload: JSON.stringify(
          eventPayload("payment.succeeded", { ...data, channel: "bank_transfer" }, now),
        ),
      },
    ];
  });
  await rows(
    tx,
    sql`INSERT INTO webhook_deliveries (event_id, company_id, endpoint_id, event_type, payload, next_attempt_at, created_at, updated_at)
        SELECT x.event_id, x.company_id, e.id, 'payment.succeeded', x.payload::jsonb, ${stamp}::timestamptz, ${stamp}::timestamptz, ${stamp}::timestamptz
          FROM json_to_recordset(${JSON.stringify(events)}::json) AS x(event_id text, company_id uuid, payload text)
          JOIN webhook_endpoints e ON e.company_id = x.company_id AND e.status = 'active' AND e.deleted_at IS NULL
           AND ('payment.succeeded' = ANY(e.events) OR ${ALL_EVENTS} = ANY(e.events))`,
  );
}
