export * from "./journal";
export * from "./rules";
export * from "./service";
