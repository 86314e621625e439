import { billingRuns, rows } from "@lk/db";
import { and, eq, sql } from "drizzle-orm";
import { suspendAccountForDebt } from "../accounts/suspend";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { localDate } from "../time/index";
import { chargeAdvance } from "./advance";
import { periodOf, shiftPeriod } from "./period";
import { runBilling } from "./run";

/** Days an advance account may stay below its limit after the notice before it is suspended. */
export const ADVANCE_NOTICE_DAYS = 3;

/** Today in the operator's time zone: an invoice due on the 20th is overdue from local midnight of the 21st. */
const today = (ctx: Ctx) => localDate(ctx.now(), ctx.config.timeZone);

/**
 * Invoices are settled against the account balance, not matched to payments: an invoice whose
 * account is no longer in debt is paid; one past its due date with the account in debt is overdue.
 */
export async function markOverdueInvoices({ ctx }: { ctx: Ctx }) {
  requireOperator(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const paid = await rows<{ id: string }>(
      tx,
      sql`UPDATE invoices i SET status = 'paid', paid_at = ${now.toISOString()}::timestamptz
            FROM accounts a
           WHERE a.id = i.account_id AND i.status IN ('issued', 'overdue') AND a.balance >= 0
          RETURNING i.id`,
    );
    const overdue = await rows<{ id: string }>(
      tx,
      sql`UPDATE invoices i SET status = 'overdue', overdue_at = ${now.toISOString()}::timestamptz
            FROM accounts a
           WHERE a.id = i.account_id AND i.status = 'issued' AND a.balance < 0
             AND i.due_on < ${today(ctx)}::date
          RETURNING i.id`,
    );
    await audit(tx, ctx, {
      action: "billing.invoices_marked",
      companyId: null,
      data: { paid: paid.length, overdue: overdue.length },
    });
    return { paid: paid.length, overdue: overdue.length };
  });
}

/**
 * Suspends accounts (and their active services) that stayed in debt too long: credit accounts
 * with an invoice overdue for more than billing.graceDays past its due date; advance accounts
 * whose negative-balance notice is ADVANCE_NOTICE_DAYS old. Resolves notices of accounts that
 * recovered. Each suspension goes through `suspendAccountForDebt` (services' tariff history, the
 * `account.suspended` webhook) and is audited as `billing.account_suspended`.
 */
export async function suspendOverdue({ ctx }: { ctx: Ctx }) {
  requireOperator(ctx);
  const now = ctx.now();
  const graceDays = ctx.config.billing.graceDays;
  return ctx.db.transaction(async (tx) => {
    await rows(
      tx,
      sql`UPDATE balance_notices n SET resolved_at = ${now.toISOString()}::timestamptz
            FROM accounts a
           WHERE a.id = n.account_id AND n.resolved_at IS NULL AND a.balance >= LEAST(0, a.min_balance)`,
    );
    const due = await rows<{
      id: string;
      company_id: string;
      number: string;
      reason: "overdue_invoice" | "negative_balance";
    }>(
      tx,
      sql`SELECT a.id, a.company_id, a.number,
                 CASE WHEN coalesce(a.billing_system, c.billing_system) = 'credit'
                      THEN 'overdue_invoice' ELSE 'negative_balance' END AS reason
            FROM accounts a JOIN companies c ON c.id = a.company_id
           WHERE a.status = 'active'
             AND ((coalesce(a.billing_system, c.billing_system) = 'credit' AND a.balance < 0
                   AND EXISTS (SELECT 1 FROM invoices i WHERE i.account_id = a.id AND i.status = 'overdue'
                                 AND i.due_on + ${graceDays}::int < ${today(ctx)}::date))
               OR (coalesce(a.billing_system, c.billing_system) = 'advance' AND a.balance < LEAST(0, a.min_balance)
                   AND EXISTS (SELECT 1 FROM balance_notices n WHERE n.account_id = a.id AND n.resolved_at IS NULL
                                 AND n.sent_at <= ${new Date(now.getTime() - ADVANCE_NOTICE_DAYS * 86_400_000).toISOString()}::timestamptz)))
           ORDER BY a.id
             FOR UPDATE OF a`,
    );
    const suspended: { accountId: string; number: string; reason: string }[] = [];
    for (const a of due) {
      const acc = await suspendAccountForDebt(tx, ctx, { accountId: a.id, reason: a.reason }, now);
      if (!acc) continue;
      await audit(tx, ctx, {
        action: "billing.account_suspended",
        companyId: a.company_id,
        entityType: "account",
        entityId: a.id,
        data: { reason: a.reason, services: acc.services },
      });
      suspended.push({ accountId: a.id, number: a.number, reason: a.reason });
    }
    return { suspended };
  });
}

/**
 * What the scheduler calls (daily is enough; every step is idempotent): bill last month if no
 * run of it completed, then charge this month's advance fees.
 */
export async function runScheduledBilling({ ctx }: { ctx: Ctx }) {
  requireOperator(ctx);
  const current = periodOf(ctx.now(), ctx.config.timeZone);
  const previous = shiftPeriod(current, -1);
  const [done] = await ctx.db
    .select({ id: billingRuns.id })
    .from(billingRuns)
    .where(and(eq(billingRuns.period, previous), eq(billingRuns.status, "completed")))
    .limit(1);
  const run = done ? null : await runBilling({ ctx, input: { period: previous } });
  const advance = await chargeAdvance({ ctx, input: { period: current } });
  return { billed: run, advance };
}
