import { accounts, autopayRules, savedCards } from "@lk/db";
import { and, asc, eq, isNull } from "drizzle-orm";
import { visibleAccountsCondition } from "../accounts/visibility";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { invalidField, notFound } from "../errors/index";

export interface AutopayRuleInput {
  account_id: string;
  kind: "threshold" | "monthly_debt";
  threshold?: number | undefined;
  amount?: number | undefined;
  day_of_month?: number | undefined;
  saved_card_id: string;
  monthly_limit: number;
  max_failures?: number | undefined;
}

const ruleNotFound = () =>
  notFound({ ru: "Правило автоплатежа", en: "Autopay rule" }, "autopay_rule_not_found");
type Rule = typeof autopayRules.$inferSelect;

export const autopayRuleJson = (r: Rule) => ({
  id: r.id,
  account_id: r.accountId,
  kind: r.kind,
  threshold: r.threshold,
  amount: r.amount,
  day_of_month: r.dayOfMonth,
  saved_card_id: r.savedCardId,
  monthly_limit: r.monthlyLimit,
  max_failures: r.maxFailures,
  failures: r.failures,
  enabled: r.enabled,
  disabled_reason: r.disabledReason,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});

async function checkRefs(ctx: Ctx, accountId: string, cardId: string) {
  const scope = companyScope(ctx);
  const [acc] = await ctx.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.id, accountId), visibleAccountsCondition(scope)));
  if (!acc) throw notFound({ ru: "Лицевой счёт", en: "Account" }, "account_not_found");
  const [card] = await ctx.db
    .select({ id: savedCards.id })
    .from(savedCards)
    .where(
      and(eq(savedCards.id, cardId), eq(savedCards.companyId, scope.companyId), isNull(savedCards.removedAt)),
    );
  if (!card)
    throw invalidField("saved_card_id", "card_not_found", {
      ru: "Нет такой сохранённой карты",
      en: "No such saved card",
    });
}

function checkShape(i: AutopayRuleInput) {
  if (i.kind === "threshold" && (i.threshold === undefined || i.amount === undefined))
    throw invalidField(i.threshold === undefined ? "threshold" : "amount", "required", {
      ru: "Обязательно для пополнения по порогу",
      en: "Required for a threshold rule",
    });
  if (i.kind === "monthly_debt" && i.day_of_month === undefined)
    throw invalidField("day_of_month", "required", {
      ru: "Обязательно для погашения долга по дню месяца",
      en: "Required for a monthly debt rule",
    });
}

export async function listAutopayRules({ ctx }: { ctx: Ctx }) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const rows = await ctx.db
    .select({ r: autopayRules })
    .from(autopayRules)
    .innerJoin(accounts, eq(accounts.id, autopayRules.accountId))
    .where(and(visibleAccountsCondition(scope), isNull(autopayRules.deletedAt)))
    .orderBy(asc(autopayRules.createdAt), asc(autopayRules.id));
  return { data: rows.map((x) => autopayRuleJson(x.r)), next_cursor: null };
}

export async function createAutopayRule({ ctx, input }: { ctx: Ctx; input: AutopayRuleInput }) {
  requirePermission(ctx, "payments:write");
  checkShape(input);
  await checkRefs(ctx, input.account_id, input.saved_card_id);
  const scope = companyScope(ctx);
  const now = ctx.now();
  const p = ctx.principal;
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(autopayRules)
      .values({
        companyId: scope.companyId,
        accountId: input.account_id,
        kind: input.kind,
        threshold: input.kind === "threshold" ? (input.threshold ?? null) : null,
        amount: input.kind === "threshold" ? (input.amount ?? null) : null,
        dayOfMonth: input.kind === "monthly_debt" ? (input.day_of_month ?? null) : null,
        savedCardId: input.saved_card_id,
        monthlyLimit: input.monthly_limit,
        maxFailures: input.max_failures ?? 3,
        createdBy: p.type === "user" ? p.userId : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, ctx, { action: "autopay_rule.created", entityType: "autopay_rule", entityId: r!.id });
    return autopayRuleJson(r!);
  });
}

async function findRule(ctx: Ctx, id: string): Promise<Rule> {
  const [row] = await ctx.db
    .select({ r: autopayRules })
    .from(autopayRules)
    .innerJoin(accounts, eq(accounts.id, autopayRules.accountId))
    .where(
      and(
        eq(autopayRules.id, id),
        visibleAccountsCondition(companyScope(ctx)),
        isNull(autopayRules.deletedAt),
      ),
    );
  if (!row) throw ruleNotFound();
  return row.r;
}

export async function getAutopayRule({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "accounts:read");
  return autopayRuleJson(await findRule(ctx, input.id));
}

/** Changes a rule; enabling it again clears its failure count. */
export async function updateAutopayRule({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    id: string;
    enabled?: boolean | undefined;
    threshold?: number | undefined;
    amount?: number | undefined;
    day_of_month?: number | undefined;
    monthly_limit?: number | undefined;
    max_failures?: number | undefined;
  };
}) {
  requirePermission(ctx, "payments:write");
  const r = await findRule(ctx, input.id);
  const foreign =
    r.kind === "threshold"
      ? input.day_of_month !== undefined && "day_of_month"
      : (input.threshold !== undefined && "threshold") || (input.amount !== undefined && "amount");
  if (foreign)
    throw invalidField(foreign, "not_for_this_kind", {
      ru: "Это поле не относится к правилу такого вида",
      en: "This field does not apply to this kind of rule",
    });
  if (input.enabled === true) await requireLiveCard(ctx, r.savedCardId);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .update(autopayRules)
      .set({
        ...(input.threshold !== undefined && r.kind === "threshold" ? { threshold: input.threshold } : {}),
        ...(input.amount !== undefined && r.kind === "threshold" ? { amount: input.amount } : {}),
        ...(input.day_of_month !== undefined && r.kind === "monthly_debt"
          ? { dayOfMonth: input.day_of_month }
          : {}),
        ...(input.monthly_limit !== undefined ? { monthlyLimit: input.monthly_limit } : {}),
        ...(input.max_failures !== undefined ? { maxFailures: input.max_failures } : {}),
        ...(input.enabled === true ? { enabled: true, failures: 0, disabledReason: null } : {}),
        ...(input.enabled === false ? { enabled: false, disabledReason: "by_user" } : {}),
        updatedAt: now,
      })
      .where(eq(autopayRules.id, r.id))
      .returning();
    await audit(tx, ctx, { action: "autopay_rule.updated", entityType: "autopay_rule", entityId: r.id });
    return autopayRuleJson(u!);
  });
}

export async function deleteAutopayRule({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "payments:write");
  const r = await findRule(ctx, input.id);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(autopayRules)
      .set({ deletedAt: ctx.now(), enabled: false })
      .where(eq(autopayRules.id, r.id));
    await audit(tx, ctx, { action: "autopay_rule.deleted", entityType: "autopay_rule", entityId: r.id });
  });
}

/** A rule whose card was removed cannot be switched on again: it needs a new rule with a card. */
async function requireLiveCard(ctx: Ctx, cardId: string) {
  const [card] = await ctx.db
    .select({ removedAt: savedCards.removedAt })
    .from(savedCards)
    .where(eq(savedCards.id, cardId));
  if (card?.removedAt)
    throw invalidField("enabled", "card_removed", {
      ru: "Карта этого автоплатежа удалена; создайте автоплатёж с другой картой",
      en: "This autopay's card was removed; create an autopay with another card",
    });
}
