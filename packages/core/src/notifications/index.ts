export * from "./kinds";
export * from "./low-balance";
export * from "./notify";
export * from "./service";
