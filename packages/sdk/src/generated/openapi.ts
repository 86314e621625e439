// Placeholder: `pnpm --filter @lk/sdk generate` overwrites this file with openapi-typescript's output
// for the API's OpenAPI document. Until then src/types.ts falls back to loose shapes.
export interface paths {}
export interface components {
  schemas: {};
}
