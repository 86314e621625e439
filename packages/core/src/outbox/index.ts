export * from "./deliver";
export * from "./list";
export * from "./outbox";
export * from "./secrets";
