export * from "../partners/index";
export * from "./masking";
export * from "./service";
