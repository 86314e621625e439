import { type Principal, unauthorized } from "@lk/core";
import type { Context } from "hono";
import type { AppEnv } from "./env";

// Integrator API keys (issue #6) and partner publishable keys (issue #7) plug in here.

export async function resolveApiKey(_c: Context<AppEnv>, _token: string): Promise<Principal> {
  throw unauthorized({ ru: "Неизвестный API-ключ", en: "Unknown API key" }, "invalid_api_key");
}

export async function resolvePartnerKey(_c: Context<AppEnv>, _key: string): Promise<Principal> {
  throw unauthorized(
    { ru: "Неизвестный ключ партнёра", en: "Unknown publishable key" },
    "invalid_publishable_key",
  );
}
