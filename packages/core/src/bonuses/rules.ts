/**
 * Bonus accrual rules (configuration, not code paths): a share of the card part of each successful
 * payment, in basis points. A company's contract may override the percentage
 * (company_payment_settings.bonus_percent_bp). Bonuses spent toward a payment earn nothing.
 */
export const bonusRules = {
  /** 1 % of the card part. */
  defaultPercentBp: 100,
  /** Payments from these sources accrue bonuses. */
  sources: ["cabinet", "autopay", "public"] as readonly string[],
};

export const bonusAccrualFor = (cardPart: number, percentBp: number) =>
  Math.floor((Math.max(0, cardPart) * percentBp) / 10_000);
