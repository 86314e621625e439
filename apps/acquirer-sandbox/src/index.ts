export { createSandboxApp, type SandboxApp, type SandboxControls, type SandboxOptions } from "./app";
export { consoleLogger, type Logger, silentLogger } from "./logger";
export { isValidCardNumber, normalizeCardNumber } from "./luhn";
export type { DeliveryAttempt, NotificationEvent, RetryPolicy } from "./notifier";
export type { PaymentJson } from "./serialize";
export { type RunningSandbox, startSandboxServer } from "./server";
export * from "./signature";
export { INSUFFICIENT_FUNDS_FROM, TEST_CARDS, THREE_DS_CODE } from "./test-cards";
