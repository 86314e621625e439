import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createSandboxProvider } from "@lk/core";
import { makeCompany, type TestCompany } from "@lk/core/testing";
import { createTestDatabase } from "@lk/db/testing";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../../../test/browser";
import {
  type RunningSandbox,
  type SandboxOptions,
  silentLogger,
  startSandboxServer,
} from "../../acquirer-sandbox/src/index";
import { ensurePortalBuilt } from "../../portal/scripts/build";
import { type App, createApp } from "../src/app";
import { loadConfig } from "../src/config";

/*
 * The stage of the browser tests that put the built widget bundle on a partner's site against the
 * REAL API: the API on one port (serving the built portal too), the sandbox acquirer on another,
 * the partner's page — strict CSP, the bundle and axe-core from 'self' — on a third origin
 * registered as a partner over HTTP, and a second origin the key is not bound to. Nothing of ours
 * is faked. Used by widgets-browser.test.ts (cards) and sbp-browser.test.ts (SBP).
 */
const root = join(import.meta.dirname, "../../..");
const widgets = join(root, "packages/widgets");
export const OPERATOR_KEY = "op_test_operator_key_0123456789";

export interface WidgetSiteOptions {
  /** The sandbox shop's id and secret (each test file its own). */
  shop: string;
  secret: string;
  /** The partner's contract: commission per method (a method without one is not offered). */
  commission: Record<string, { percent_bp: number; min: number }>;
  /** The widget's `poll-interval` on the partner's page (ms). */
  pollInterval: number;
  /** The acquirer's card page is framed by the widget: frame-src and frame-ancestors allow it. */
  framesAcquirer?: boolean;
  /** More sandbox options (e.g. `sbpQrTtlMs`). */
  sandbox?: Partial<SandboxOptions>;
  webhookUrl?: string;
  /** Build the portal (the API serves it at /) when its dist/ is stale. */
  portal?: boolean;
  browser: { viewport: { width: number; height: number }; locale?: string; profilePrefix: string };
}

export interface WidgetSite {
  conn: Awaited<ReturnType<typeof createTestDatabase>>;
  app: App;
  apiOrigin: string;
  sandbox: RunningSandbox;
  /** The partner's page; `/?account=<number>` fills the account. */
  site: { server: Server; origin: string };
  /** The same page on an origin the publishable key is not bound to. */
  stranger: { server: Server; origin: string };
  context: BrowserContext;
  co: TestCompany;
  pk: string;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function startWidgetSite(o: WidgetSiteOptions): Promise<WidgetSite> {
  if (!existsSync(join(widgets, "dist/lk-widgets.js")))
    execFileSync("pnpm", ["--filter", "@lk/widgets", "build"], { cwd: root, stdio: "pipe" });
  if (o.portal) await ensurePortalBuilt({ quiet: true });
  const s = { pk: "", apiOrigin: "", sandboxUrl: "" };
  /** The partner's page: bundle and axe from 'self', the API (and the acquirer's frame) by origin. */
  const partnerPage = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    const csp = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      `connect-src ${s.apiOrigin}`,
      ...(o.framesAcquirer ? [`frame-src ${s.sandboxUrl}`] : []),
    ].join("; ");
    const send = (type: string, body: string | Buffer) =>
      res.writeHead(200, { "Content-Type": type, "Content-Security-Policy": csp }).end(body);
    if (url.pathname === "/lk-widgets.js")
      return send("text/javascript", readFileSync(join(widgets, "dist/lk-widgets.js")));
    if (url.pathname === "/axe.min.js")
      return send("text/javascript", readFileSync(join(root, "node_modules/axe-core/axe.min.js")));
    if (url.pathname !== "/") return res.writeHead(404).end();
    const account = url.searchParams.get("account") ?? "";
    send(
      "text/html; charset=utf-8",
      `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Банк: оплата связи</title>
    <script src="/lk-widgets.js" defer></script></head>
    <body><main><h1>Оплата связи</h1>
    <lk-pay publishable-key="${s.pk}" api-base="${s.apiOrigin}" amount="150000" poll-interval="${o.pollInterval}"
      ${account ? `account="${account}"` : ""}></lk-pay></main></body></html>`,
    );
  };

  const conn = await createTestDatabase();
  const box: { app?: App } = {};
  const api = serve({ fetch: (req) => box.app!.fetch(req), port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => api.once("listening", () => r()));
  s.apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const site = await listen(partnerPage);
  const stranger = await listen(partnerPage);
  const sandbox = await startSandboxServer(
    {
      shops: { [o.shop]: o.secret },
      logger: silentLogger,
      retry: { baseDelayMs: 20, maxAttempts: 5, jitter: 0 },
      ...(o.framesAcquirer ? { frameAncestors: [site.origin] } : {}),
      ...o.sandbox,
    },
    { port: 0, hostname: "127.0.0.1" },
  );
  s.sandboxUrl = sandbox.url;
  const config = loadConfig({
    LK_OPERATOR_KEY: OPERATOR_KEY,
    LK_LOG_LEVEL: "silent",
    LK_SCRYPT_N: "1024",
    LK_COOKIE_SECURE: "false",
    LK_PUBLIC_URL: s.apiOrigin,
    ACQUIRER_URL: sandbox.url,
    ACQUIRER_SHOP_ID: o.shop,
    ACQUIRER_SECRET: o.secret,
  });
  const acquirer = createSandboxProvider({ baseUrl: sandbox.url, shopId: o.shop, secretKey: o.secret });
  const app = createApp({ conn, config, acquirer });
  box.app = app;
  const co = await makeCompany(conn, { name: "ООО «Ромашка»", accountsPerGroup: 1 });
  // The operator registers the partner for the page's origin, over HTTP like the back office does.
  const res = await fetch(`${s.apiOrigin}/v1/operator/partners`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Operator-Key": OPERATOR_KEY },
    body: JSON.stringify({
      name: "Тестовый банк",
      origins: [site.origin],
      commission: o.commission,
      ...(o.webhookUrl ? { webhook_url: o.webhookUrl } : {}),
    }),
  });
  s.pk = ((await res.json()) as { publishable_key: string }).publishable_key;
  const profile = mkdtempSync(join(tmpdir(), o.browser.profilePrefix));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: o.browser.viewport,
    ...(o.browser.locale ? { locale: o.browser.locale } : {}),
  });
  return {
    conn,
    app,
    apiOrigin: s.apiOrigin,
    sandbox,
    site,
    stranger,
    context,
    co,
    pk: s.pk,
    close: async () => {
      await context.close();
      await sandbox.close();
      for (const x of [site, stranger]) x.server.close();
      await new Promise<void>((r) => api.close(() => r()));
      await conn.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

let axeSource: string | undefined;

/**
 * Every axe-core violation (any impact) on the page, or inside `include` (a CSS selector), as
 * "rule (impact) targets". axe is injected through DevTools (evaluate), which the page's CSP does
 * not govern, so it runs the same on the partner's page and on the portal.
 */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  axeSource ??= readFileSync(join(root, "node_modules/axe-core/axe.min.js"), "utf8");
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  return page.evaluate(async (sel) => {
    type Result = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<Result> } }).axe;
    const r = await axe.run(sel ? { include: [[sel]] } : document, { resultTypes: ["violations"] });
    return r.violations.map(
      (v) =>
        `${v.id} (${v.impact}) ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}`,
    );
  }, include ?? null);
}
