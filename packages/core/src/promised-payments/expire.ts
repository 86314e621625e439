import { accounts, promisedPayments } from "@lk/db";
import { and, asc, eq, lte } from "drizzle-orm";
import { suspendAccountForDebt } from "../accounts/suspend";
import { audit } from "../audit/audit";
import { type Ctx, requireOperator } from "../context/index";
import { postLedger } from "../ledger/post";
import { rub } from "../money/format";
import { notify } from "../notifications/notify";
import { dateTimeLong } from "../time/index";
import { emitEvent } from "../webhooks/index";

const DAY = 86_400_000;

/**
 * The promised-payment job. Expired ones: the promised sum is written back (promised_repayment);
 * if that leaves the account below its minimum, the promise was not paid and the account is
 * suspended again with its services (`suspendAccountForDebt`, as the billing job does; a payment
 * that settles the debt resumes both, ADR 0062/0064). Each row is claimed with FOR UPDATE SKIP
 * LOCKED in its own transaction, so several instances share the work and none handles a row
 * twice. Also warns a day before expiry.
 */
export async function expirePromisedPayments({ ctx }: { ctx: Ctx }) {
  requireOperator(ctx);
  const now = ctx.now();
  let repaid = 0;
  let suspended = 0;
  let warned = 0;
  for (;;) {
    const done = await ctx.db.transaction(async (tx) => {
      const [pp] = await tx
        .select()
        .from(promisedPayments)
        .where(and(eq(promisedPayments.status, "active"), lte(promisedPayments.expiresAt, now)))
        .orderBy(asc(promisedPayments.expiresAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!pp) return true;
      const [entry] = await postLedger(
        tx,
        [
          {
            accountId: pp.accountId,
            kind: "promised_repayment",
            amount: -pp.amount,
            description: "Погашение обещанного платежа",
            refType: "promised_payment",
            refId: pp.id,
          },
        ],
        { now },
      );
      const [limit] = await tx
        .select({ min: accounts.minBalance })
        .from(accounts)
        .where(eq(accounts.id, pp.accountId));
      const unpaid = (entry?.balanceAfter ?? 0) < (limit?.min ?? 0);
      await tx
        .update(promisedPayments)
        .set({ status: unpaid ? "expired_unpaid" : "repaid", closedAt: now })
        .where(eq(promisedPayments.id, pp.id));
      // The promise was not kept: the account is suspended again with its services, as by the
      // billing job (nothing happens to an account that is no longer active).
      const acc = unpaid
        ? await suspendAccountForDebt(
            tx,
            ctx,
            { accountId: pp.accountId, reason: "promised_payment_unpaid" },
            now,
          )
        : null;
      if (unpaid) suspended++;
      else repaid++;
      await audit(tx, ctx, {
        action: unpaid ? "promised_payment.expired_unpaid" : "promised_payment.repaid",
        companyId: pp.companyId,
        entityType: "promised_payment",
        entityId: pp.id,
        ...(unpaid
          ? {
              data: {
                account_id: pp.accountId,
                account_suspended: acc !== null,
                services: acc?.services ?? 0,
              },
            }
          : {}),
      });
      return false;
    });
    if (done) break;
  }
  for (;;) {
    const done = await ctx.db.transaction(async (tx) => {
      const [pp] = await tx
        .select()
        .from(promisedPayments)
        .where(
          and(
            eq(promisedPayments.status, "active"),
            eq(promisedPayments.expiringNoticeSent, false),
            lte(promisedPayments.expiresAt, new Date(now.getTime() + DAY)),
          ),
        )
        .limit(1)
        .for("update", { skipLocked: true });
      if (!pp) return true;
      await tx
        .update(promisedPayments)
        .set({ expiringNoticeSent: true })
        .where(eq(promisedPayments.id, pp.id));
      await notify(tx, {
        companyId: pp.companyId,
        kind: "promised_expiring",
        accountId: pp.accountId,
        title: { ru: "Обещанный платёж истекает", en: "Promised payment expiring" },
        body: {
          ru: `Обещанный платёж ${rub(pp.amount, "ru")} истекает ${dateTimeLong(pp.expiresAt, ctx.config.timeZone, "ru")}. Пополните счёт, иначе обслуживание будет приостановлено.`,
          en: `The promised payment of ${rub(pp.amount, "en")} expires on ${dateTimeLong(pp.expiresAt, ctx.config.timeZone, "en")}. Top up, or service will be suspended.`,
        },
        data: { promised_payment_id: pp.id, account_id: pp.accountId },
        dedupeKey: `promised_expiring:${pp.id}`,
        now,
      });
      await emitEvent(tx, {
        companyId: pp.companyId,
        type: "promised_payment.expiring",
        data: {
          id: pp.id,
          account_id: pp.accountId,
          amount: pp.amount,
          expires_at: pp.expiresAt.toISOString(),
        },
        now,
      });
      warned++;
      return false;
    });
    if (done) break;
  }
  return { repaid, suspended, warned };
}
