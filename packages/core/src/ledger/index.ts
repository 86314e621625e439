export * from "./post";
