export * from "./authenticate";
export * from "./demo";
export * from "./errors";
export * from "./keys";
export * from "./manage";
export * from "./origins";
export * from "./view";
