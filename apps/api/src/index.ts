export { type App, type CreateAppOptions, createApp } from "./app";
export { type AppConfig, loadConfig } from "./config";
