export * from "./create-order";
export * from "./errors";
export * from "./list-orders";
export * from "./operator-orders";
export * from "./present";
