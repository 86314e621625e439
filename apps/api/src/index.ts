export { type App, type CreateAppOptions, createApp } from "./app";
export { type AppConfig, loadConfig } from "./config";
export { buildOpenApiDocument, type OpenApiDocument } from "./openapi-document";
