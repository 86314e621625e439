export * from "./extensions";
export * from "./seed-demo";
