/** Payment sources that may accrue bonuses (a payment made wholly with bonuses has no card part). */
export const bonusSources = ["cabinet", "autopay", "public"] as const;
export type BonusSource = (typeof bonusSources)[number];

/**
 * Bonus accrual rules: a share of the card part of each successful payment, in basis points, for
 * payments from the listed sources. They are configuration (`CoreConfig.bonuses`, set from
 * `LK_BONUS_PERCENT_BP` and `LK_BONUS_SOURCES` by apps/api/src/config.ts), not code paths; a
 * company's contract may override the percentage (company_payment_settings.bonus_percent_bp, set by
 * the operator). 0 % accrues nothing. Bonuses spent toward a payment earn nothing.
 */
export interface BonusRules {
  /** Basis points of the card part (100 = 1 %), 0–10 000. */
  defaultPercentBp: number;
  /** Payments from these sources accrue bonuses. */
  sources: readonly string[];
}

/** The rules when nothing is configured: 1 % of the card part of cabinet, autopay and widget payments. */
export const defaultBonusRules: BonusRules = {
  defaultPercentBp: 100,
  sources: bonusSources,
};

export const bonusAccrualFor = (cardPart: number, percentBp: number) =>
  Math.floor((Math.max(0, cardPart) * percentBp) / 10_000);
