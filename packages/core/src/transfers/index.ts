export * from "./transfer";
