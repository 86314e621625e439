export {
  composeRefund,
  composeSell,
  type ReceiptPaymentFacts,
  type ReceiptsConfig,
} from "./compose";
export { insertRefundReceipt, insertSellReceipt, needsReceipt } from "./create";
export { getReceipt, listReceipts, operatorReceiptJson, retryReceipt } from "./list";
export { mailAttachments } from "./mail-attachment";
export { receiptNo } from "./number";
export * from "./provider";
export { type AtolCashRegisterOptions, createAtolCashRegister } from "./providers/atol-http";
export { atolRequest, atolTimestamp, parseAtolTimestamp } from "./providers/atol-wire";
export {
  backoffMs,
  type RegisterReceiptsOptions,
  type RegisterReceiptsResult,
  registerReceipts,
} from "./register";
export { fiscalReceiptText, fnsQrString, receiptDateTime } from "./text";
export { atolVatType, vatLabel } from "./vat-label";
