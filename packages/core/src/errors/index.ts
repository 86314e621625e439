export * from "./app-error";
export * from "./common";
