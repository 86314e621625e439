import { type Queryable, rows } from "@lk/db";
import { type SQL, sql } from "drizzle-orm";
import { reportRange } from "../balance/report";
import { dateRu } from "../billing/period";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { accountFilter } from "../invoices/scope";
import { buyerOf } from "./load";
import { renderReconciliation } from "./pdf/reconciliation";
import type { ReconciliationDoc } from "./pdf/types";
import type { PdfFile } from "./pdf-service";

const KIND_RU: Record<string, string> = {
  payment: "Оплата",
  refund: "Возврат",
  bonus: "Бонус",
  promised_payment: "Обещанный платёж",
  promised_repayment: "Погашение обещанного платежа",
  adjustment: "Корректировка",
  transfer_in: "Перенос средств (зачисление)",
  transfer_out: "Перенос средств (списание)",
  charge: "Списание",
};

async function lines(db: Queryable, companyId: string, filter: SQL, from: Date, to: Date) {
  // One line per document or payment: entries of one operation and reference are summed, so a
  // payment spread over accounts is one line and a transfer between the company's accounts nets out.
  return rows<{
    at: Date | string;
    kind: string;
    amount: string | number;
    ref_type: string | null;
    description: string;
    inv_number: string | null;
    inv_date: string | null;
    account_number: string;
    accounts: number;
  }>(
    db,
    sql`SELECT min(le.effective_at) AS at, min(le.kind) AS kind, sum(le.amount)::bigint AS amount,
               min(le.ref_type) AS ref_type, min(le.description) AS description,
               min(i.number) AS inv_number, min(i.issued_on)::text AS inv_date,
               min(accounts.number) AS account_number, count(DISTINCT le.account_id)::int AS accounts
          FROM ledger_entries le
          JOIN accounts ON accounts.id = le.account_id
          LEFT JOIN invoices i ON le.ref_type = 'invoice' AND i.id::text = le.ref_id
         WHERE le.company_id = ${companyId}::uuid AND ${filter}
           AND le.effective_at >= ${from.toISOString()}::timestamptz AND le.effective_at < ${to.toISOString()}::timestamptz
         GROUP BY le.operation_id, le.ref_type, le.ref_id
        HAVING sum(le.amount) <> 0
         ORDER BY min(le.effective_at), min(le.id)`,
  );
}

/**
 * Акт сверки for any period, generated on request: the opening balance, each charge (by document)
 * as a debit and each payment or credit as a credit, and the closing balance, both parties named.
 */
export async function reconciliation({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { from: string; to: string };
}): Promise<ReconciliationDoc> {
  requirePermission(ctx, "documents:read");
  const scope = companyScope(ctx);
  const { from, to } = reportRange(input);
  const filter = await accountFilter(ctx.db, scope, {});
  const [open] = await rows<{ sum: string | number }>(
    ctx.db,
    sql`SELECT coalesce(sum(le.amount), 0)::bigint AS sum FROM ledger_entries le
          JOIN accounts ON accounts.id = le.account_id
         WHERE le.company_id = ${scope.companyId}::uuid AND ${filter}
           AND le.effective_at < ${from.toISOString()}::timestamptz`,
  );
  const opening = Number(open?.sum ?? 0);
  const items = (await lines(ctx.db, scope.companyId, filter, from, to)).map((l) => {
    const amount = Number(l.amount);
    const acc = l.accounts > 1 ? `${l.accounts} лицевых счетов` : `л/с ${l.account_number}`;
    const document = l.inv_number
      ? `Реализация услуг связи (акт № ${l.inv_number} от ${dateRu(l.inv_date!)}), ${acc}`
      : `${KIND_RU[l.kind] ?? l.kind}: ${l.description}${l.accounts > 1 ? `, ${acc}` : ""}`;
    return {
      date: new Date(l.at).toISOString().slice(0, 10),
      document,
      debit: amount < 0 ? -amount : 0,
      credit: Math.max(amount, 0),
    };
  });
  const debit = items.reduce((s, l) => s + l.debit, 0);
  const credit = items.reduce((s, l) => s + l.credit, 0);
  return {
    from: from.toISOString().slice(0, 10),
    to: new Date(to.getTime() - 86_400_000).toISOString().slice(0, 10),
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
  const d = await reconciliation({ ctx, input });
  return { filename: `reconciliation_${d.from}_${d.to}.pdf`, content: await renderReconciliation(d) };
}
