export * from "./visibility";
