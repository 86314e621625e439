export * from "./list";
export * from "./scope";
export * from "./view";
