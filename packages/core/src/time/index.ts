export * from "./format";
export * from "./plural";
export * from "./sql";
export * from "./zone";
