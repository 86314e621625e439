export * from "./ctx";
export * from "./permissions";
export * from "./principal";
