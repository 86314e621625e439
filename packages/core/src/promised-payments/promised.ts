import { accounts, companies, companyPaymentSettings, promisedPayments } from "@lk/db";
import { and, desc, eq } from "drizzle-orm";
import { resumeAccount } from "../accounts/resume";
import { visibleAccountsCondition } from "../accounts/visibility";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, type Lang, requirePermission } from "../context/index";
import { AppError, type Msg, notFound } from "../errors/index";
import { postLedger } from "../ledger/post";
import { monthOf, PROMISED_DAYS, promisedLimit } from "./limit";

type Reason =
  | "closed"
  | "already_used_this_month"
  | "active_exists"
  | "no_charge_history"
  | "trust_not_in_contract";
const reasons: Record<Reason, Msg> = {
  closed: { ru: "Лицевой счёт закрыт", en: "The account is closed" },
  already_used_this_month: {
    ru: "Обещанный платёж уже брали в этом месяце: следующий — с 1-го числа",
    en: "A promised payment was already taken this month; the next one from the 1st",
  },
  active_exists: { ru: "Уже действует обещанный платёж", en: "A promised payment is already active" },
  no_charge_history: {
    ru: "Лимит считается по средним начислениям за 3 месяца, а начислений не было",
    en: "The limit is the average of 3 months of charges, and there were none",
  },
  trust_not_in_contract: {
    ru: "Доверительный платёж не предусмотрен договором",
    en: "The contract does not provide for a trust payment",
  },
};

type PP = typeof promisedPayments.$inferSelect;
/** What a person reads for each status (the portal shows this, never the code). */
const STATUS_LABEL: Record<PP["status"], Msg> = {
  active: { ru: "Действует", en: "Active" },
  repaid: { ru: "Погашен", en: "Repaid" },
  expired_unpaid: { ru: "Истёк, не погашен", en: "Expired unpaid" },
};
const ppJson = (p: PP, lang: Lang) => ({
  id: p.id,
  account_id: p.accountId,
  kind: p.kind,
  amount: p.amount,
  currency: "RUB" as const,
  status: p.status,
  status_label: STATUS_LABEL[p.status][lang],
  month: p.month,
  expires_at: p.expiresAt.toISOString(),
  created_at: p.createdAt.toISOString(),
  closed_at: p.closedAt ? p.closedAt.toISOString() : null,
});

async function eligibility(ctx: Ctx, accountId: string) {
  const scope = companyScope(ctx);
  const [acc] = await ctx.db
    .select({
      id: accounts.id,
      status: accounts.status,
      billing: accounts.billingSystem,
      companyBilling: companies.billingSystem,
      trust: companyPaymentSettings.trustPaymentAllowed,
    })
    .from(accounts)
    .innerJoin(companies, eq(companies.id, accounts.companyId))
    .leftJoin(companyPaymentSettings, eq(companyPaymentSettings.companyId, accounts.companyId))
    .where(and(eq(accounts.id, accountId), visibleAccountsCondition(scope)));
  if (!acc) throw notFound({ ru: "Лицевой счёт", en: "Account" }, "account_not_found");
  const now = ctx.now();
  const month = monthOf(now, ctx.config.timeZone);
  const kind = (acc.billing ?? acc.companyBilling) === "credit" ? ("trust" as const) : ("promised" as const);
  const history = await ctx.db
    .select()
    .from(promisedPayments)
    .where(eq(promisedPayments.accountId, accountId))
    .orderBy(desc(promisedPayments.createdAt))
    .limit(12);
  const active = history.find((h) => h.status === "active") ?? null;
  const limit = await promisedLimit(ctx.db, accountId, now, ctx.config.timeZone);
  let reason: Reason | null = null;
  if (acc.status === "closed") reason = "closed";
  else if (kind === "trust" && !acc.trust) reason = "trust_not_in_contract";
  else if (active) reason = "active_exists";
  else if (history.some((h) => h.month === month)) reason = "already_used_this_month";
  else if (limit < 100) reason = "no_charge_history";
  return { acc, kind, month, limit, active, history, reason, now };
}

/** Whether a promised (or trust) payment is possible now, up to what amount, and why not. */
export async function getPromisedPayment({ ctx, input }: { ctx: Ctx; input: { account_id: string } }) {
  requirePermission(ctx, "accounts:read");
  const e = await eligibility(ctx, input.account_id);
  return {
    account_id: input.account_id,
    kind: e.kind,
    eligible: e.reason === null,
    reason: e.reason,
    reason_message: e.reason ? reasons[e.reason][ctx.lang] : null,
    limit: e.limit,
    currency: "RUB" as const,
    days: PROMISED_DAYS,
    active: e.active ? ppJson(e.active, ctx.lang) : null,
    history: e.history.map((h) => ppJson(h, ctx.lang)),
  };
}

/**
 * Takes a promised payment: credits the account for 5 days and resumes it at once. Once a calendar
 * month per account (UNIQUE (account_id, month) backs the check against races).
 */
export async function takePromisedPayment({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { account_id: string; amount: number };
}) {
  requirePermission(ctx, "payments:write");
  const e = await eligibility(ctx, input.account_id);
  if (e.reason) throw new AppError(409, `promised_${e.reason}`, reasons[e.reason]);
  if (input.amount > e.limit || input.amount < 100)
    throw new AppError(
      400,
      "validation_failed",
      { ru: "Проверьте сумму", en: "Check the amount" },
      {
        fields: [
          {
            field: "amount",
            code: input.amount < 100 ? "amount_too_small" : "exceeds_limit",
            message: {
              ru: `Сумма от 1 ₽ до лимита ${e.limit / 100} ₽`,
              en: `The amount must be from 1 ₽ up to the limit of ${e.limit / 100} ₽`,
            },
          },
        ],
      },
    );
  const p = ctx.principal;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(promisedPayments)
      .values({
        companyId: companyScope(ctx).companyId,
        accountId: input.account_id,
        kind: e.kind,
        amount: input.amount,
        month: e.month,
        expiresAt: new Date(e.now.getTime() + PROMISED_DAYS * 86_400_000),
        createdByUserId: p.type === "user" ? p.userId : null,
        createdAt: e.now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError(409, "promised_already_used_this_month", reasons.already_used_this_month);
    await postLedger(
      tx,
      [
        {
          accountId: input.account_id,
          kind: "promised_payment",
          amount: input.amount,
          description: e.kind === "trust" ? "Доверительный платёж" : "Обещанный платёж",
          refType: "promised_payment",
          refId: row.id,
        },
      ],
      { now: e.now },
    );
    // The promise itself lifts the suspension (with the services it stopped), whatever the balance.
    await resumeAccount(tx, ctx, { id: input.account_id }, { kind: "promised_payment", id: row.id }, e.now);
    await audit(tx, ctx, {
      action: "promised_payment.taken",
      entityType: "promised_payment",
      entityId: row.id,
      data: { amount: input.amount, kind: e.kind },
    });
    return ppJson(row, ctx.lang);
  });
}
