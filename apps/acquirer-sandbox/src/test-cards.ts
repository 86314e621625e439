/** What a card number does in the sandbox. Any other Luhn-valid number is declined: no real cards here. */
export type CardBehaviour = "succeed" | "decline" | "three_ds" | "timeout" | "unknown";

export const TEST_CARDS = {
  "4242424242424242": "succeed",
  "4000000000000002": "decline",
  "4000000000003220": "three_ds",
  "4000000000000119": "timeout",
} as const satisfies Record<string, CardBehaviour>;

export const THREE_DS_CODE = "123456";

/** Saved-card charges at or above this amount (kopecks) are declined with insufficient_funds. */
export const INSUFFICIENT_FUNDS_FROM = 100_000_000;

export function cardBehaviour(digits: string): CardBehaviour {
  return (TEST_CARDS as Record<string, CardBehaviour>)[digits] ?? "unknown";
}

export function cardBrand(digits: string): string {
  if (digits.startsWith("4")) return "visa";
  if (/^220[0-4]/.test(digits)) return "mir";
  if (/^(5[1-5]|2[2-7])/.test(digits)) return "mastercard";
  return "unknown";
}
