export { AcquirerError, NotificationRejectedError } from "./errors";
export { createSandboxProvider, type SandboxProviderOptions } from "./sandbox-provider";
