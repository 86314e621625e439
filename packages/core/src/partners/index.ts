export * from "./authenticate";
export * from "./errors";
export * from "./keys";
export * from "./manage";
export * from "./origins";
export * from "./view";
