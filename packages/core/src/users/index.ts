export * from "./errors";
export * from "./manage";
export * from "./reset-password";
