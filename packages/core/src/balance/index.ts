export * from "./adjust";
export * from "./report";
