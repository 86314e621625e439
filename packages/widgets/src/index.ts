// Classes, events and types without registering any element: import "@lk/widgets/define/lk-pay"
// (or define under your own tag name) to register. Each element tree-shakes away from the other.
export type { ApiError } from "./api/client";
export type * from "./api/types";
export * from "./events";
export { formatMoney } from "./format";
export type { Lang } from "./i18n";
export { LkInvoicePay } from "./lk-invoice-pay/lk-invoice-pay";
export { LkPay } from "./lk-pay/lk-pay";
