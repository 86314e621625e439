export const notificationKinds = [
  "low_balance",
  "invoice_issued",
  "payment_received",
  "promised_expiring",
  "autopay_failed",
  "account_resumed",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** Below this balance (kopecks above the account's minimum) a low-balance notice goes out. */
export const DEFAULT_LOW_BALANCE_THRESHOLD = 500_00;
