export * from "./gost";
export * from "./service";
