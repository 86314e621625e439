import { accounts, autopayRules, ledgerEntries, payments, savedCards } from "@lk/db";
import { and, eq, gte, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { type Ctx, requireOperator } from "../context/index";
import { applyReport } from "../payments/apply";
import { insertPayment, notificationUrl } from "../payments/create-record";
import { MIN_ITEM_AMOUNT } from "../payments/pricing";
import type { AcquirerPayment, AcquirerProvider } from "../payments/provider";
import { localDayOfMonth, localMonth, startOfLocalDay, startOfLocalMonth } from "../time/index";

/**
 * A charge whose acquirer call ended without an answer (network error, timeout, 5xx) is asked again
 * this long after it was made, with the same idempotency key: long enough that a call still in
 * flight on another instance has finished (3 attempts of 15 s at most).
 */
const RESUME_AFTER_MS = 5 * 60_000;

/**
 * The autopay job: for each enabled rule whose trigger holds, one saved-card charge. Each execution
 * is a payment with a run key unique per rule (for debt rules the month and the try's number, for
 * threshold rules the ledger state that tripped it), so several instances, or a re-run, never
 * charge twice for one trigger.
 */
export async function runAutopay({ ctx, acquirer }: { ctx: Ctx; acquirer: AcquirerProvider | undefined }) {
  requireOperator(ctx);
  const now = ctx.now();
  // Months, the day of the month and "today" are the operator's local ones (ADR 0080): a rule for
  // the 5th runs from local midnight of the 5th, and its monthly limit resets on the local 1st.
  const tz = ctx.config.timeZone;
  const month = localMonth(now, tz);
  const monthStart = startOfLocalMonth(now, tz);
  const result = { charged: 0, failed: 0, skipped: 0, pending: 0 };
  const count = (outcome: string) => {
    if (outcome === "succeeded") result.charged++;
    else if (outcome === "failed") result.failed++;
    else result.pending++;
  };
  // Charges left without an answer by an earlier run are asked again first, with their own
  // idempotency key: the acquirer answers the payment it made (or makes it, if the first request
  // never reached it). Only for rules still enabled: a rule switched off since is not charged; a
  // payment the acquirer did make settles through its notification.
  const unanswered = !acquirer
    ? [] // without an acquirer nothing can be asked, and nothing may be failed for it
    : await ctx.db
        .select({
          id: payments.id,
          ruleId: payments.autopayRuleId,
          amount: payments.chargedAmount,
          token: savedCards.token,
        })
        .from(payments)
        .innerJoin(autopayRules, eq(autopayRules.id, payments.autopayRuleId))
        .innerJoin(savedCards, eq(savedCards.id, autopayRules.savedCardId))
        .where(
          and(
            eq(payments.status, "pending"),
            eq(payments.method, "saved_card"),
            isNull(payments.acquirerPaymentId),
            lt(payments.createdAt, new Date(now.getTime() - RESUME_AFTER_MS)),
            eq(autopayRules.enabled, true),
            isNull(autopayRules.deletedAt),
          ),
        );
  // A rule whose earlier charge was asked about in this run makes no new try in it: that charge was
  // its try (a decline counts once), and the balances below are read after it settled.
  const reasked = new Set<string>();
  for (const u of unanswered) {
    if (u.ruleId) reasked.add(u.ruleId);
    count(await charge(ctx, acquirer, u.id, u.amount, u.token));
  }
  const rules = await ctx.db
    .select({
      rule: autopayRules,
      balance: accounts.balance,
      accountStatus: accounts.status,
      token: savedCards.token,
      lastEntry: sql<
        number | null
      >`(SELECT max(${ledgerEntries.id}) FROM ${ledgerEntries} WHERE ${ledgerEntries.accountId} = ${accounts.id})`,
      spent: sql<number>`(SELECT COALESCE(sum(p.charged_amount), 0) FROM ${payments} p WHERE p.autopay_rule_id = ${autopayRules.id}
        AND p.created_at >= ${monthStart.toISOString()}::timestamptz AND p.status IN ('pending', 'requires_action', 'succeeded'))::bigint`,
    })
    .from(autopayRules)
    .innerJoin(accounts, eq(accounts.id, autopayRules.accountId))
    .innerJoin(savedCards, eq(savedCards.id, autopayRules.savedCardId))
    .where(
      and(
        eq(autopayRules.enabled, true),
        isNull(autopayRules.deletedAt),
        inArray(accounts.status, ["active", "suspended"]),
      ),
    );
  // A rule with a charge still waiting for the acquirer (of any month, asked about above or not)
  // makes no new one: whatever the acquirer did with it is not known yet.
  const waiting = await ctx.db
    .selectDistinct({ ruleId: payments.autopayRuleId })
    .from(payments)
    .where(and(isNotNull(payments.autopayRuleId), inArray(payments.status, ["pending", "requires_action"])));
  for (const w of waiting) if (w.ruleId) reasked.add(w.ruleId);
  for (const r of rules.filter((x) => !reasked.has(x.rule.id))) {
    const { rule } = r;
    let amount = 0;
    let runKey = "";
    if (rule.kind === "threshold" && r.balance < (rule.threshold ?? 0)) {
      amount = rule.amount ?? 0;
      runKey = `t:${r.lastEntry ?? 0}`;
    } else if (
      rule.kind === "monthly_debt" &&
      localDayOfMonth(now, tz) >= (rule.dayOfMonth ?? 1) &&
      r.balance < 0
    ) {
      const key = await debtRunKey(ctx, rule.id, month, now);
      if (key) {
        amount = -r.balance;
        runKey = key;
      }
    }
    amount = Math.min(amount, rule.monthlyLimit - Number(r.spent));
    if (amount < MIN_ITEM_AMOUNT) {
      result.skipped++;
      continue;
    }
    const { id, created } = await insertPayment(ctx, {
      companyId: rule.companyId,
      source: "autopay",
      method: "saved_card",
      idempotencyKey: `autopay:${rule.id}:${runKey}`,
      description:
        rule.kind === "threshold"
          ? "Автоплатёж: пополнение при низком балансе"
          : "Автоплатёж: погашение задолженности",
      items: [{ accountId: rule.accountId, companyId: rule.companyId, invoiceId: null, amount }],
      commission: 0,
      bonus: 0,
      autopayRuleId: rule.id,
      autopayRunKey: runKey,
    });
    if (!created) {
      result.skipped++;
      continue;
    }
    count(await charge(ctx, acquirer, id, amount, r.token));
  }
  return result;
}

/**
 * The run key of a debt rule's next try this month, or null when there is none to make: a try of
 * the month succeeded (one payoff a month, even if refunded since), or the last try was made today
 * (the operator's local day). (A try still waiting for the acquirer, of any month, keeps the caller from asking.) So a failed payoff is retried on the following days of the month, at
 * most once a day, until it succeeds or the rule is disabled after max_failures. The key is the
 * month and the try's number (the first keeps the plain month), so instances that race, even
 * across midnight, compute one key for one try and the (rule, run key) constraint lets one charge.
 */
async function debtRunKey(ctx: Ctx, ruleId: string, month: string, now: Date): Promise<string | null> {
  const tz = ctx.config.timeZone;
  const monthStart = startOfLocalMonth(now, tz);
  const dayStart = startOfLocalDay(now, tz);
  const [tries] = await ctx.db
    .select({
      count: sql<number>`count(*)::int`,
      paid: sql<boolean>`COALESCE(bool_or(${payments.status} IN ('succeeded', 'refunded')), false)`,
      today: sql<boolean>`COALESCE(bool_or(${payments.createdAt} >= ${dayStart.toISOString()}::timestamptz), false)`,
    })
    .from(payments)
    .where(and(eq(payments.autopayRuleId, ruleId), gte(payments.createdAt, monthStart)));
  if (!tries || tries.paid || tries.today) return null;
  const count = Number(tries.count);
  return count === 0 ? `m:${month}` : `m:${month}:${count + 1}`;
}

async function charge(
  ctx: Ctx,
  acquirer: AcquirerProvider | undefined,
  id: string,
  amount: number,
  token: string,
) {
  let ap: AcquirerPayment | undefined;
  let failure: string | undefined;
  try {
    if (!acquirer) throw new Error("acquirer_unavailable");
    ap = await acquirer.chargeSavedCard({
      idempotencyKey: `lk-pay-${id}`,
      orderId: id,
      amount,
      currency: "RUB",
      description: "Автоплатёж",
      cardToken: token,
      notificationUrl: notificationUrl(ctx),
    });
  } catch (e) {
    // No answer (the request may have been taken): the payment stays pending — never failed, or a
    // retry could charge the card twice. The acquirer's notification settles it, or the next run
    // asks again with the same key. A refusal with a reason is a failure.
    if (acquirer && outcomeUnknown(e)) return "pending";
    failure = (e as { acquirerCode?: string }).acquirerCode ?? "acquirer_error";
  }
  const status = ap?.status ?? "failed";
  await ctx.db.transaction(async (tx) => {
    if (ap)
      await tx
        .update(payments)
        .set({ acquirer: acquirer?.name ?? null, acquirerPaymentId: ap.id })
        .where(eq(payments.id, id));
    await applyReport(tx, ctx, id, {
      status,
      occurredAt: ctx.now(),
      failureReason: ap?.failureReason ?? failure,
      cardMask: ap?.cardMask,
    });
  });
  return status;
}

/** An acquirer error after which the charge's fate is unknown: it may have been made. */
function outcomeUnknown(e: unknown): boolean {
  const { acquirerCode, acquirerStatus } = e as { acquirerCode?: string; acquirerStatus?: number };
  return (
    acquirerCode === "network_error" ||
    acquirerCode === "invalid_response" ||
    // The same key with another body (the first request was taken), or "still processing", or
    // "slow down": the acquirer has not refused this charge.
    acquirerCode === "idempotency_key_conflict" ||
    acquirerStatus === 409 ||
    acquirerStatus === 429 ||
    (acquirerStatus ?? 0) >= 500
  );
}
