export * from "./generate";
export * from "./get-traffic";
