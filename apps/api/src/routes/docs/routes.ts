import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";
import type { AppEnv } from "../../http/env";

// /docs is Swagger UI served from the swagger-ui-dist package (no CDN: the machine may be
// offline, and a strict CSP allows only our own scripts). The page reads /openapi.json.
const require = createRequire(import.meta.url);
const dist = dirname(require.resolve("swagger-ui-dist/package.json"));
const assets: Record<string, { file: string; type: string }> = {
  "swagger-ui.css": { file: "swagger-ui.css", type: "text/css; charset=utf-8" },
  "swagger-ui-bundle.js": { file: "swagger-ui-bundle.js", type: "text/javascript; charset=utf-8" },
};
const cache = new Map<string, string>();
const read = (file: string) => {
  let text = cache.get(file);
  if (!text) {
    text = readFileSync(join(dist, file), "utf8");
    cache.set(file, text);
  }
  return text;
};

const page = `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>LK Business API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script></body></html>`;

const init = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, tryItOutEnabled: true, persistAuthorization: true });`;

// Swagger UI styles elements inline, so this page alone allows inline styles; scripts stay 'self'.
const csp =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

export const docsRoutes = new Hono<AppEnv>()
  .get("/docs", (c) => c.html(page, 200, { "Content-Security-Policy": csp }))
  .get("/docs/assets/init.js", (c) => c.body(init, 200, { "Content-Type": "text/javascript; charset=utf-8" }))
  .get("/docs/assets/:file", (c) => {
    const asset = assets[c.req.param("file")];
    if (!asset) return c.notFound();
    return c.body(read(asset.file), 200, {
      "Content-Type": asset.type,
      "Cache-Control": "public, max-age=86400",
    });
  });
