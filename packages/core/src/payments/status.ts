import type { PaymentStatus } from "@lk/db";

export const OPEN_STATUSES: readonly PaymentStatus[] = ["pending", "requires_action"];
export const isOpen = (s: PaymentStatus) => OPEN_STATUSES.includes(s);

/**
 * The status a payment moves to when the acquirer reports `incoming`, or null to ignore the report.
 * Only forward moves: a late `requires_action` after `succeeded` is ignored, a repeat is ignored.
 * `canceled → succeeded` is allowed on purpose: a payer who finished the card page after we
 * canceled locally was charged, so the money must reach the account (see ADR 0041).
 */
export function nextStatus(current: PaymentStatus, incoming: PaymentStatus): PaymentStatus | null {
  switch (incoming) {
    case "requires_action":
      return current === "pending" ? incoming : null;
    case "succeeded":
      return isOpen(current) || current === "canceled" ? incoming : null;
    case "failed":
    case "canceled":
      return isOpen(current) ? incoming : null;
    default:
      return null;
  }
}
