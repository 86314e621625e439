export * from "./customer";
export * from "./errors";
export * from "./files";
export * from "./operator";
export * from "./present";
