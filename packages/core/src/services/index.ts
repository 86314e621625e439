export * from "./catalogue";
export * from "./demo";
export * from "./history";
export * from "./list-services";
export * from "./present";
export * from "./tariffs";
