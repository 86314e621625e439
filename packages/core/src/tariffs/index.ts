export * from "./rating";
