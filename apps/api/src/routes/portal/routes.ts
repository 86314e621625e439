import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";
import type { AppEnv } from "../../http/env";

// Serves the accountants' portal (apps/portal/dist, built by Vite) from the API's own origin, so
// the SPA talks to /v1 same-origin with the httpOnly refresh cookie. Registered last: every API,
// docs and health path is passed on untouched. Unknown GET paths get index.html so deep links work.

const DIST = resolve(
  process.env.LK_PORTAL_DIST ?? join(fileURLToPath(new URL(".", import.meta.url)), "../../../../portal/dist"),
);
const RESERVED = /^\/(v1|docs|openapi\.json|healthz|readyz|\.well-known)(\/|$)/;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** The portal's policy: only our own code; the acquirer's hosted card page may be framed. */
export function portalCsp(acquirerUrl: string): string {
  let frame = "'self'";
  try {
    frame = new URL(acquirerUrl).origin;
  } catch {
    // keep 'self'
  }
  return [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    `frame-src ${frame}`,
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const files = new Map<string, Buffer>();
function readAsset(path: string): Buffer | null {
  let b = files.get(path);
  if (!b) {
    if (!existsSync(path) || !statSync(path).isFile()) return null;
    b = readFileSync(path);
    // index.html changes with every build; hashed assets never do.
    if (!path.endsWith("index.html")) files.set(path, b);
  }
  return b;
}

/**
 * index.html with the operator's time zone (LK_TIME_ZONE) in a meta tag: the portal shows dates,
 * picks "today" and this month, and turns picked days into instants in that zone (ADR 0080), with
 * no request of its own for it. The zone is a validated IANA name; escaped all the same.
 */
function withTimeZone(html: Buffer, tz: string): Uint8Array<ArrayBuffer> {
  const safe = tz.replace(/[^A-Za-z0-9_+\-/]/g, "");
  const text = html
    .toString("utf8")
    .replace("</head>", `<meta name="lk-time-zone" content="${safe}" />\n</head>`);
  return new Uint8Array(Buffer.from(text));
}

const notBuilt = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Портал не собран</title></head>
<body><h1>Портал не собран / The portal is not built</h1>
<p>Соберите его: <code>pnpm --filter @lk/portal build</code> (или <code>pnpm build</code>), затем перезапустите сервер.</p>
<p>Build it with <code>pnpm --filter @lk/portal build</code> (or <code>pnpm build</code>) and restart the server.</p></body></html>`;

export const portalRoutes = new Hono<AppEnv>().get("*", async (c, next) => {
  const path = c.req.path;
  if (RESERVED.test(path)) return next();
  const csp = portalCsp(c.get("deps").config.acquirer.url);
  const index = join(DIST, "index.html");
  if (!existsSync(index)) {
    // A problem for API clients, a page for people.
    if (!(c.req.header("accept") ?? "").includes("text/html"))
      return c.json(
        {
          type: "about:blank",
          title: "Portal not built",
          status: 503,
          code: "portal_not_built",
          detail: "Run pnpm --filter @lk/portal build",
        },
        503,
        { "Content-Type": "application/problem+json", "Retry-After": "30" },
      );
    return c.html(notBuilt, 503, { "Content-Security-Policy": csp, "Retry-After": "30" });
  }
  const file = normalize(join(DIST, decodeURIComponent(path)));
  if (file.startsWith(DIST + sep) && extname(file)) {
    const body = readAsset(file);
    if (body) {
      const hashed = path.startsWith("/assets/");
      return c.body(new Uint8Array(body), 200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
      });
    }
    if (path.startsWith("/assets/")) return c.notFound();
  }
  return c.body(withTimeZone(readAsset(index) ?? Buffer.from(""), c.get("deps").config.core.timeZone), 200, {
    "Content-Type": TYPES[".html"]!,
    "Cache-Control": "no-cache",
    "Content-Security-Policy": csp,
  });
});
