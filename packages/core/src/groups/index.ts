export * from "./errors";
export * from "./list-groups";
export * from "./tree";
export * from "./write-groups";
