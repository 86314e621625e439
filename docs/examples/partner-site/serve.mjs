// Serves the repository root on http://localhost:8080 with the page's CSP as a header, so
// /docs/examples/partner-site/ can load /packages/widgets/dist/lk-widgets.js. Development only.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const port = Number(process.env.PORT ?? 8080);
const api = process.env.API_ORIGIN ?? "http://localhost:3000";
const acquirer = process.env.ACQUIRER_ORIGIN ?? "http://localhost:3100";
const csp = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ${api}; frame-src ${acquirer}`;
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".map": "application/json",
};

createServer(async (req, res) => {
  let path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  // Redirect so the page's relative links (site.css, site.js) resolve.
  if (path === "/") return res.writeHead(302, { Location: "/docs/examples/partner-site/" }).end();
  if (path.endsWith("/")) path += "index.html";
  const file = normalize(join(root, path));
  if (!file.startsWith(root) || file.includes("node_modules")) return res.writeHead(404).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      "Content-Type": types[extname(file)] ?? "application/octet-stream",
      "Content-Security-Policy": csp,
    });
    res.end(body);
  } catch {
    res.writeHead(404).end("not found");
  }
}).listen(port, () => console.log(`partner site: http://localhost:${port}/`));
