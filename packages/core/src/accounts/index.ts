export * from "./get-account";
export * from "./list-accounts";
export * from "./move-accounts";
export * from "./present";
export * from "./resume";
export * from "./search";
export * from "./suspend";
export * from "./visibility";
