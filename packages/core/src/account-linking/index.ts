export * from "./confirm-link";
export * from "./errors";
export * from "./request-link";
