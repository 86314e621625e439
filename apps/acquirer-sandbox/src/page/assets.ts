import { readFileSync } from "node:fs";
import { Hono } from "hono";

const TYPES = { css: "text/css; charset=utf-8", js: "text/javascript; charset=utf-8" } as const;

/** Read once at start-up: the page's only CSS and JS, served as files so the CSP needs no inline code. */
const files = new Map(
  (["page.css", "page.js", "result.js"] as const).map((name) => [
    name,
    readFileSync(new URL(`../assets/${name}`, import.meta.url), "utf8"),
  ]),
);

export function assetRoutes() {
  const assets = new Hono();
  assets.get("/:name", (c) => {
    const name = c.req.param("name");
    const body = files.get(name as "page.css");
    if (body === undefined) return c.notFound();
    const ext = name.endsWith(".css") ? "css" : "js";
    c.header("Content-Type", TYPES[ext]);
    c.header("Cache-Control", "public, max-age=300");
    c.header("X-Content-Type-Options", "nosniff");
    return c.body(body);
  });
  return assets;
}
