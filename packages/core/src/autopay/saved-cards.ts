import { autopayRules, savedCards } from "@lk/db";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { audit } from "../audit/audit";
import { type Ctx, companyScope, requirePermission } from "../context/index";
import { notFound } from "../errors/index";

// Cards saved at the acquirer (a token and a mask). Removing one keeps the row — payments and rules
// refer to it — but it is no longer listed, offered or charged. The autopay rules that charge it are
// switched off in the same transaction (ADR 0086): the person removing a card (lost, replaced,
// leaving the company) means «stop charging it», and a refusal would leave the card chargeable
// until they found and edited every rule.

const cardNotFound = () => notFound({ ru: "Сохранённая карта", en: "Saved card" }, "saved_card_not_found");

export async function listSavedCards({ ctx }: { ctx: Ctx }) {
  requirePermission(ctx, "accounts:read");
  const scope = companyScope(ctx);
  const rows = await ctx.db
    .select({
      card: savedCards,
      // Qualified by hand: drizzle writes a bare "id" here, which the subquery would read as r.id.
      rules: sql<number>`(SELECT count(*) FROM autopay_rules r WHERE r.saved_card_id = saved_cards.id
        AND r.enabled AND r.deleted_at IS NULL)::int`,
    })
    .from(savedCards)
    .where(and(eq(savedCards.companyId, scope.companyId), isNull(savedCards.removedAt)))
    .orderBy(asc(savedCards.createdAt), asc(savedCards.id));
  return {
    data: rows.map(({ card, rules }) => ({
      id: card.id,
      mask: card.mask,
      expiry_month: card.expiryMonth,
      expiry_year: card.expiryYear,
      created_at: card.createdAt.toISOString(),
      autopay_rules: Number(rules),
    })),
    next_cursor: null,
  };
}

/** Removes a saved card of the caller's company and switches off the autopay rules that use it. */
export async function removeSavedCard({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  requirePermission(ctx, "payments:write");
  const scope = companyScope(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [card] = await tx
      .select()
      .from(savedCards)
      .where(
        and(
          eq(savedCards.id, input.id),
          eq(savedCards.companyId, scope.companyId),
          isNull(savedCards.removedAt),
        ),
      )
      .for("update");
    if (!card) throw cardNotFound();
    await tx.update(savedCards).set({ removedAt: now }).where(eq(savedCards.id, card.id));
    const stopped = await tx
      .update(autopayRules)
      .set({ enabled: false, disabledReason: "card_removed", updatedAt: now })
      .where(
        and(
          eq(autopayRules.savedCardId, card.id),
          eq(autopayRules.enabled, true),
          isNull(autopayRules.deletedAt),
        ),
      )
      .returning({ id: autopayRules.id });
    await audit(tx, ctx, {
      action: "saved_card.removed",
      entityType: "saved_card",
      entityId: card.id,
      data: { mask: card.mask, autopay_rules_disabled: stopped.map((r) => r.id) },
    });
    return { id: card.id, autopay_rules_disabled: stopped.length };
  });
}
