import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

// Built into apps/portal/dist and served by the API (apps/api/src/routes/portal). Every screen is a
// dynamic import(), so the initial chunk holds only Lit, the shell, the router and sign-in.
export default defineConfig({
  root,
  base: "/",
  resolve: { conditions: ["@lk/source"] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The polyfill would be inlined code; every browser we support has modulepreload.
    modulePreload: { polyfill: false },
    // No data: URIs for fonts/images: keeps the CSP at img-src 'self' data: only for icons.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { proxy: { "/v1": "http://localhost:3000", "/.well-known": "http://localhost:3000" } },
});
