export * from "./emit";
export * from "./events";
