/** Commission terms: basis points of the amount, but at least `min` kopecks (0 = none). */
export interface CommissionTerms {
  percent_bp: number;
  min: number;
}

export const MIN_ITEM_AMOUNT = 100;
/** 10 million roubles: above this a payment goes by bank transfer, not by card. */
export const MAX_PAYMENT_AMOUNT = 1_000_000_000;
export const MAX_ITEMS = 100;

/**
 * Payments in the cabinet carry no commission, by card or by SBP (the operator pays the acquirer).
 * Partner widgets price each method by the partner's contract instead (partners/view.ts).
 */
export const methodCommission: Record<"card" | "sbp" | "saved_card" | "bonus", CommissionTerms> = {
  card: { percent_bp: 0, min: 0 },
  sbp: { percent_bp: 0, min: 0 },
  saved_card: { percent_bp: 0, min: 0 },
  bonus: { percent_bp: 0, min: 0 },
};

/** Commission in kopecks, rounded up (the payer never pays a fraction of a kopeck less). */
export function commissionFor(amount: number, terms: CommissionTerms): number {
  if (amount <= 0) return 0;
  return Math.max(Math.ceil((amount * terms.percent_bp) / 10_000), terms.min, 0);
}

/**
 * Spreads `bonus` over the items in order, each covering at most its own amount: the receipt and
 * the ledger both show which part of each account was paid with bonuses.
 */
export function allocate(amounts: number[], total: number): number[] {
  let left = Math.max(
    0,
    Math.min(
      total,
      amounts.reduce((s, a) => s + a, 0),
    ),
  );
  return amounts.map((a) => {
    const part = Math.min(a, left);
    left -= part;
    return part;
  });
}
