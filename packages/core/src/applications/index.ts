export * from "./files";
export * from "./identifiers";
export * from "./review";
export * from "./status";
export * from "./submit";
