export { createSandboxApp, type SandboxApp, type SandboxControls, type SandboxOptions } from "./app";
export { consoleLogger, type Logger, silentLogger } from "./logger";
export { isValidCardNumber, normalizeCardNumber } from "./luhn";
export type { DeliveryAttempt, NotificationEvent, RetryPolicy } from "./notifier";
export { crc16, SBP_BANKS, SBP_PAYEE_BANK, type SbpBank, sbpLink } from "./sbp";
export type { PaymentJson } from "./serialize";
export { type RunningSandbox, startSandboxServer } from "./server";
export * from "./signature";
export { INSUFFICIENT_FUNDS_FROM, TEST_CARDS, THREE_DS_CODE } from "./test-cards";
