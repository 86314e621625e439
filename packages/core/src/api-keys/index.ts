export * from "./authenticate";
export * from "./create";
export * from "./errors";
export * from "./key";
export * from "./list";
export * from "./revoke";
export * from "./view";
