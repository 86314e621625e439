import { defineConfig } from "vitest/config";

// One runner for the whole monorepo. Each test file gets a database of its own, cloned from a
// template that test/global-setup.ts migrates once: PGlite by default, PostgreSQL when
// DATABASE_URL is set (CI runs both).
export default defineConfig({
  resolve: { conditions: ["@lk/source"] },
  ssr: { resolve: { conditions: ["@lk/source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts", "packages/*/src/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ["default"] : ["default"],
  },
});
