/**
 * Shared by the examples: where the API is and who signs in. Defaults are the demo company that
 * `pnpm start` seeds (see README.md); override with LK_API_URL, LK_LOGIN, LK_PASSWORD.
 * In your own project import from "@lk/sdk"; here the examples use the workspace source.
 */
export { createClient } from "../../../packages/sdk/src/index";

export const baseUrl = process.env.LK_API_URL ?? "http://localhost:3000";
export const login = process.env.LK_LOGIN ?? "demo-buh";
export const password = process.env.LK_PASSWORD ?? "Demo-Buh-2026";
