import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// ADR 0076: the product reaches the sandboxes over HTTP only. Tests may start them; product code
// (packages/*/src outside tests) never imports them.
const root = join(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "testing" ? [] : sources(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

describe("layering", () => {
  it("no product package imports a sandbox app", () => {
    const offenders = readdirSync(root)
      .flatMap((pkg) => {
        try {
          return sources(join(root, pkg, "src"));
        } catch {
          return [];
        }
      })
      .filter((file) =>
        /from\s+["'](@lk\/(acquirer|cash-register)-sandbox|[./]+\/apps\/)/.test(readFileSync(file, "utf8")),
      );
    expect(offenders).toEqual([]);
  });
});
