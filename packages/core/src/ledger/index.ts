export * from "./describe";
export * from "./post";
