import { type Queryable, rows } from "@lk/db";
import { type SQL, sql } from "drizzle-orm";
import { reportRange } from "../balance/report";
import { dateRu } from "../billing/period";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { accountFilter } from "../invoices/scope";
import { ACCOUNTS, countText, localDate } from "../time/index";
import { buyerOf } from "./load";
import { renderReconciliation } from "./pdf/reconciliation";
import type { ReconciliationDoc } from "./pdf/types";
import type { PdfFile } from "./pdf-service";

const KIND_RU: Record<string, string> = {
  payment: "Оплата",
  refund: "Возврат",
  bonus: "Оплата бонусами",
  adjustment: "Корректировка",
  transfer: "Перенос средств",
  transfer_in: "Перенос средств (зачисление)",
  transfer_out: "Перенос средств (списание)",
  charge: "Списание",
};

/** The screen's English (the PDF, a document of Russian accounting, is always in Russian). */
const KIND_EN: Record<string, string> = {
  payment: "Payment",
  refund: "Refund",
  bonus: "Paid with bonuses",
  adjustment: "Adjustment",
  transfer: "Transfer of funds",
  transfer_in: "Transfer of funds (in)",
  transfer_out: "Transfer of funds (out)",
  charge: "Charge",
};

/**
 * A promised payment is the operator's credit, not money received, and its write-back is not a
 * charge: neither belongs in the mutual settlements the акт сверки reconciles, so both are left
 * out of the opening balance and the lines alike (the closing balance then excludes an active
 * promised payment, as the customer's own books do).
 */
const SETTLED = sql`le.kind NOT IN ('promised_payment', 'promised_repayment')`;

async function lines(db: Queryable, companyId: string, filter: SQL, from: Date, to: Date) {
  // One line per document or payment part: entries of one operation, reference and kind are
  // summed, so a payment spread over accounts is one line, a card+bonus payment is two (what the
  // card paid and what the bonuses paid), and a transfer between the company's accounts nets out
  // (its two sides share a key).
  return rows<{
    at: Date | string;
    kind: string;
    amount: string | number;
    description: string;
    descriptions: number;
    inv_number: string | null;
    inv_date: string | null;
    account_number: string;
    accounts: number;
  }>(
    db,
    sql`SELECT min(le.effective_at) AS at, min(le.kind) AS kind, sum(le.amount)::bigint AS amount,
               min(le.description) AS description, count(DISTINCT le.description)::int AS descriptions,
               min(i.number) AS inv_number, min(i.issued_on)::text AS inv_date,
               min(accounts.number) AS account_number, count(DISTINCT le.account_id)::int AS accounts
          FROM ledger_entries le
          JOIN accounts ON accounts.id = le.account_id
          LEFT JOIN invoices i ON le.ref_type = 'invoice' AND i.id::text = le.ref_id
         WHERE le.company_id = ${companyId}::uuid AND ${filter} AND ${SETTLED}
           AND le.effective_at >= ${from.toISOString()}::timestamptz AND le.effective_at < ${to.toISOString()}::timestamptz
         GROUP BY le.operation_id, le.ref_type, le.ref_id,
                  CASE WHEN le.kind IN ('transfer_in', 'transfer_out') THEN 'transfer' ELSE le.kind END
        HAVING sum(le.amount) <> 0
         ORDER BY min(le.effective_at), min(le.id)`,
  );
}

/**
 * Акт сверки for any period, generated on request: the opening balance, each charge (by document)
 * as a debit and each payment or credit as a credit, and the closing balance, both parties named.
 * Days are the operator's local days (ADR 0080).
 */
export async function reconciliation({
  ctx,
  input,
  lang = ctx.lang,
}: {
  ctx: Ctx;
  input: { from: string; to: string };
  /** The lines' language: the request's on screen; the PDF passes "ru". */
  lang?: "ru" | "en";
}): Promise<ReconciliationDoc> {
  requirePermission(ctx, "documents:read");
  const scope = companyScope(ctx);
  const tz = ctx.config.timeZone;
  const { from, to } = reportRange(input, tz);
  const filter = await accountFilter(ctx.db, scope, {});
  const [open] = await rows<{ sum: string | number }>(
    ctx.db,
    sql`SELECT coalesce(sum(le.amount), 0)::bigint AS sum FROM ledger_entries le
          JOIN accounts ON accounts.id = le.account_id
         WHERE le.company_id = ${scope.companyId}::uuid AND ${filter} AND ${SETTLED}
           AND le.effective_at < ${from.toISOString()}::timestamptz`,
  );
  const opening = Number(open?.sum ?? 0);
  const items = (await lines(ctx.db, scope.companyId, filter, from, to)).map((l) => {
    const amount = Number(l.amount);
    const kind = l.kind === "transfer_in" || l.kind === "transfer_out" ? "transfer" : l.kind;
    let document: string;
    if (lang === "en") {
      // The ledger's descriptions are Russian text: in English the kind and the document say it.
      const acc = l.accounts > 1 ? countText(l.accounts, ACCOUNTS, "en") : `account ${l.account_number}`;
      document = l.inv_number
        ? `Telecom services (act № ${l.inv_number} of ${dateRu(l.inv_date!)}), ${acc}`
        : `${KIND_EN[kind] ?? "Operation"}, ${acc}`;
    } else {
      const acc = l.accounts > 1 ? countText(l.accounts, ACCOUNTS, "ru") : `л/с ${l.account_number}`;
      // Entries of one payment over several accounts may each name their invoice: then the kind says it.
      const what = l.descriptions === 1 && l.description ? l.description : (KIND_RU[kind] ?? "Операция");
      document = l.inv_number
        ? `Реализация услуг связи (акт № ${l.inv_number} от ${dateRu(l.inv_date!)}), ${acc}`
        : `${what}, ${acc}`;
    }
    return {
      date: localDate(new Date(l.at), tz),
      document,
      debit: amount < 0 ? -amount : 0,
      credit: Math.max(amount, 0),
    };
  });
  const debit = items.reduce((s, l) => s + l.debit, 0);
  const credit = items.reduce((s, l) => s + l.credit, 0);
  return {
    from: localDate(from, tz),
    to: localDate(new Date(to.getTime() - 1), tz),
    seller: ctx.config.operator,
    buyer: await buyerOf(ctx.db, scope.companyId),
    opening,
    lines: items,
    debit,
    credit,
    closing: opening - debit + credit,
  };
}

export async function reconciliationPdf({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { from: string; to: string };
}): Promise<PdfFile> {
  const d = await reconciliation({ ctx, input, lang: "ru" });
  return { filename: `reconciliation_${d.from}_${d.to}.pdf`, content: await renderReconciliation(d) };
}
