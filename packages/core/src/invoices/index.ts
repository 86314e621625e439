export * from "./list";
export * from "./scope";
export * from "./settle";
export * from "./view";
