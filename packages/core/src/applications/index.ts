export * from "./files";
export * from "./review";
export * from "./submit";
