export * from "./expire";
export * from "./limit";
export * from "./promised";
