export * from "./adjust";
export * from "./charges-by-group";
export * from "./report";
