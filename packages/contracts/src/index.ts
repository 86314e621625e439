export { z } from "@hono/zod-openapi";
export * from "./auth";
export * from "./common";
export * from "./localized";
export * from "./validators";
