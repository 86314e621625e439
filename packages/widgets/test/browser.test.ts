import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS } from "../../../test/browser";

/*
 * The built <script> bundle in real Chromium, on a partner page served with a strict CSP.
 * Two more local servers stand in for what is outside this package: the public API (until the
 * browser tests against the real API exist) and the acquirer's hosted page on another origin.
 */
const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, "..");
const root = join(pkg, "../..");
const artifacts = join(root, "artifacts/widgets");

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => unknown;
async function listen(handler: Handler): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => handler(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface StandInPayment {
  id: string;
  status: string;
  amount: number;
  commission_amount: number;
  total_amount: number;
  confirmation_url: string;
  receipt_number: string | null;
}

let api: { server: Server; origin: string };
let acquirer: { server: Server; origin: string };
let site: { server: Server; origin: string };
let context: BrowserContext;
let profile: string;
const payments = new Map<string, StandInPayment>();
const apiRequests: {
  path: string;
  origin: string | undefined;
  key: string | undefined;
  lang: string | undefined;
}[] = [];

/** Stand-in for the public API: answers exactly the shapes the widgets are coded against. */
function publicApiStandIn(req: IncomingMessage, res: ServerResponse, body: string) {
  const url = new URL(req.url ?? "/", api.origin);
  const cors = {
    "Access-Control-Allow-Origin": req.headers.origin ?? "*",
    "Access-Control-Allow-Headers": "X-LK-Key, Idempotency-Key, Content-Type, Accept-Language",
    "Access-Control-Allow-Methods": "GET, POST",
    "Access-Control-Expose-Headers": "Retry-After, X-Request-Id",
  };
  if (req.method === "OPTIONS") return res.writeHead(204, cors).end();
  apiRequests.push({
    path: url.pathname,
    origin: req.headers.origin,
    key: req.headers["x-lk-key"] as string | undefined,
    lang: req.headers["accept-language"],
  });
  const json = (status: number, data: unknown) => {
    const type = status >= 400 ? "application/problem+json" : "application/json";
    res.writeHead(status, { ...cors, "Content-Type": type }).end(JSON.stringify(data));
  };
  if (url.pathname === "/v1/public/accounts/lookup") {
    if (url.searchParams.get("query") !== "123456789012") {
      return json(404, { status: 404, code: "account_not_found", detail: "Лицевой счёт не найден" });
    }
    return json(200, {
      account_number: "123456789012",
      masked_holder: "ООО «Р*****»",
      region: "Москва",
      status: "active",
      recommended_amount: 150_000,
      min_amount: 1_000,
      max_amount: 1_500_000,
      currency: "RUB",
      methods: [
        { method: "card", commission_percent_bp: 0, commission_min: 0 },
        { method: "sbp", commission_percent_bp: 150, commission_min: 0 },
      ],
    });
  }
  if (url.pathname === "/v1/public/invoices/INV-1") {
    return json(200, {
      number: "INV-1",
      account_number: "123456789012",
      masked_holder: "ООО «Р*****»",
      amount_due: 1_234_56,
      status: "issued",
      due_date: "2026-01-20",
      period: "2025-12",
    });
  }
  if (url.pathname === "/v1/public/payments/quote") {
    const { amount, method } = JSON.parse(body) as { amount: number; method: string };
    const commission = method === "sbp" ? Math.round((amount * 150) / 10_000) : 0;
    return json(200, {
      amount,
      commission_amount: commission,
      total_amount: amount + commission,
      currency: "RUB",
    });
  }
  if (url.pathname === "/v1/public/payments" && req.method === "POST") {
    const { amount } = JSON.parse(body) as { amount: number };
    const id = `pay_${payments.size + 1}`;
    const p: StandInPayment = {
      id,
      status: "requires_action",
      amount,
      commission_amount: 0,
      total_amount: amount,
      confirmation_url: `${acquirer.origin}/pay/${id}`,
      receipt_number: null,
    };
    payments.set(id, p);
    return json(201, p);
  }
  const m = /^\/v1\/public\/payments\/([\w-]+)$/.exec(url.pathname);
  const p = m && payments.get(m[1]!);
  if (p) return json(200, p);
  json(404, { status: 404, code: "not_found", detail: "" });
}

/** Stand-in for the acquirer's hosted page; "paying" also plays its notification to our API. */
function acquirerStandIn(req: IncomingMessage, res: ServerResponse) {
  const m = /^\/pay\/([\w-]+)(\/confirm)?$/.exec(req.url ?? "");
  const p = m && payments.get(m[1]!);
  if (!p) return res.writeHead(404).end();
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  if (!m[2]) {
    return res.end(`<!doctype html><html lang="ru"><title>Acquirer</title>
      <form method="post" action="/pay/${p.id}/confirm"><label>Card <input name="pan" value="4242 4242 4242 4242"></label>
      <button id="acq-pay">Pay</button></form>`);
  }
  p.status = "succeeded";
  p.receipt_number = "R-000777";
  res.end(`<!doctype html><html lang="ru"><title>Done</title><p>Done</p>
    <script>window.parent.postMessage({ type: "lk-acquirer-result", paymentId: "${p.id}", status: "succeeded" }, "*")</script>`);
}

function partnerSite(req: IncomingMessage, res: ServerResponse) {
  const path = new URL(req.url ?? "/", site.origin).pathname;
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${api.origin}`,
    `frame-src ${acquirer.origin}`,
  ].join("; ");
  const send = (type: string, body: string | Buffer) =>
    res.writeHead(200, { "Content-Type": type, "Content-Security-Policy": csp }).end(body);
  if (path === "/") {
    return send(
      "text/html; charset=utf-8",
      `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Partner</title>
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <link rel="stylesheet" href="/site.css"><script src="/lk-widgets.js" defer></script></head>
      <body><main><h1>Оплата связи</h1>
      <lk-pay publishable-key="pk_test_browser" api-base="${api.origin}"></lk-pay></main></body></html>`,
    );
  }
  if (path === "/invoice") {
    return send(
      "text/html; charset=utf-8",
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title>
      <link rel="stylesheet" href="/site.css"><script src="/lk-widgets.js" defer></script></head>
      <body><main><h1>Pay an invoice</h1>
      <lk-invoice-pay publishable-key="pk_test_browser" api-base="${api.origin}" invoice="INV-1" theme="dark"></lk-invoice-pay>
      </main></body></html>`,
    );
  }
  if (path === "/late") {
    // The bundle first (blocking), the page's own listener in scripts after the element: one at
    // the end of the body, one deferred. Both must hear lk-ready.
    return send(
      "text/html; charset=utf-8",
      `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Partner</title>
      <script src="/lk-widgets.js"></script><script src="/late-deferred.js" defer></script></head>
      <body><lk-pay publishable-key="pk_test_browser" api-base="${api.origin}"></lk-pay>
      <script src="/late-inline.js"></script></body></html>`,
    );
  }
  if (path === "/late-inline.js" || path === "/late-deferred.js") {
    const name = path.slice(1, -3);
    return send(
      "text/javascript",
      `{
        const el = document.querySelector("lk-pay");
        window.__heard = window.__heard || [];
        el.addEventListener("lk-ready", () => window.__heard.push("${name}"));
        el.ready.then(() => window.__heard.push("${name}: ready"));
      }`,
    );
  }
  if (path === "/site.css") {
    return send(
      "text/css",
      "body{margin:0;padding:16px;font-family:sans-serif}body.dark{background:#0e0f12;color:#eee}lk-pay{margin:auto}",
    );
  }
  if (path === "/lk-widgets.js")
    return send("text/javascript", readFileSync(join(pkg, "dist/lk-widgets.js")));
  // Served from 'self' so the audit itself obeys the page's CSP (an inline script would be blocked).
  if (path === "/axe.min.js") {
    return send("text/javascript", readFileSync(join(root, "node_modules/axe-core/axe.min.js")));
  }
  res.writeHead(404).end();
}

type AxeWindow = { axe: { run: (c: unknown) => Promise<{ violations: { id: string; impact: string }[] }> } };
/** Serious and critical axe-core violations on the page (shadow roots included). */
async function axeSerious(page: Page): Promise<string[]> {
  const all = await page.evaluate(async () => {
    const r = await (window as unknown as AxeWindow).axe.run(document);
    return r.violations.map((v) => `${v.impact} ${v.id}`);
  });
  return all.filter((v) => /^(serious|critical)/.test(v));
}

/** Every module an ES entry of dist/ pulls in, following relative imports. */
function moduleGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, "utf8");
  for (const m of code.matchAll(/(?:from|import)\s*['"](\.[^'"]+)['"]/g))
    moduleGraph(join(dirname(entry), m[1]!), seen);
  return seen;
}

/** The focused element inside the widget's shadow root. */
const focusedId = (page: Page) =>
  page.evaluate(() => document.querySelector("lk-pay")?.shadowRoot?.activeElement?.id ?? "");

beforeAll(async () => {
  execFileSync(join(pkg, "node_modules/.bin/tsup"), [], { cwd: pkg, stdio: "pipe" });
  mkdirSync(artifacts, { recursive: true });
  api = await listen(publicApiStandIn);
  acquirer = await listen(acquirerStandIn);
  site = await listen(partnerSite);
  profile = mkdtempSync(join(tmpdir(), "lk-widgets-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1024, height: 900 },
  });
  // Runs before the page's own scripts and outside its CSP: records every violation.
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}, 120_000);

afterAll(async () => {
  await context?.close();
  for (const s of [api, acquirer, site]) s?.server.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe("widgets bundle in Chromium under a strict CSP", () => {
  it("pays by keyboard alone, passes axe, switches language, and breaks no CSP rule", async () => {
    const page = await context.newPage();
    const consoleCsp: string[] = [];
    const pageErrors: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) consoleCsp.push(m.text());
    });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${site.origin}/`);
    await page.waitForFunction(() => !!document.querySelector("lk-pay")?.shadowRoot?.querySelector("#query"));
    // Constructable stylesheets, not <style> elements: allowed by style-src 'self'.
    const sheets = await page.evaluate(() => {
      const root = document.querySelector("lk-pay")!.shadowRoot!;
      return { adopted: root.adoptedStyleSheets.length, styleTags: root.querySelectorAll("style").length };
    });
    expect(sheets.adopted).toBeGreaterThan(0);
    expect(sheets.styleTags).toBe(0);

    // Keyboard only: Tab into the field, type, Enter.
    await page.keyboard.press("Tab");
    expect(await focusedId(page)).toBe("query");
    await page.keyboard.type("000");
    await page.keyboard.press("Enter");
    await page.locator("lk-pay #query-error").waitFor();
    expect(await page.locator("lk-pay #query-error").textContent()).toContain("не найден");
    expect(await focusedId(page)).toBe("query"); // focus returns to the field in error
    await page.keyboard.press("Control+A");
    await page.keyboard.type("123456789012");
    await page.keyboard.press("Enter");
    await page.locator("lk-pay #holder").waitFor();
    expect(await page.locator("lk-pay #holder").textContent()).toBe("ООО «Р*****»");

    // Focus order through the payment step.
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      order.push(
        await page.evaluate(() => {
          const a = document.querySelector("lk-pay")?.shadowRoot?.activeElement as HTMLInputElement | null;
          return a?.id || a?.value || "";
        }),
      );
      if (order.at(-1) === "receipt") await page.keyboard.type("buh@example.ru");
    }
    expect(order).toEqual(["amount", "card", "receipt", "pay"]);
    await page.locator("lk-pay #total").waitFor();

    // Axe on the payment step, light theme.
    await page.addScriptTag({ url: "/axe.min.js" });
    expect(await axeSerious(page)).toEqual([]);

    // Screenshots: light and dark, 320 px and 1024 px; nothing overflows a 320 px screen.
    for (const theme of ["light", "dark"] as const) {
      await page.evaluate((t) => {
        document.querySelector("lk-pay")!.setAttribute("theme", t);
        document.body.className = t;
      }, theme);
      for (const width of [320, 1024]) {
        await page.setViewportSize({ width, height: 900 });
        if (width === 320) {
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
        }
        await page.screenshot({ path: join(artifacts, `lk-pay-${theme}-${width}.png`), fullPage: true });
      }
      if (theme === "dark") expect(await axeSerious(page)).toEqual([]);
    }
    await page.setViewportSize({ width: 1024, height: 900 });

    // Language switched at run time.
    await page.evaluate(() => document.querySelector("lk-pay")!.setAttribute("lang", "en"));
    expect(await page.locator("lk-pay h2").textContent()).toBe("Pay for telecom services");
    expect(await page.locator("lk-pay label[for=receipt]").textContent()).toBe(
      "E-mail or phone for the receipt",
    );
    await page.evaluate(() => document.querySelector("lk-pay")!.setAttribute("lang", "ru"));
    expect(await page.locator("lk-pay h2").textContent()).toBe("Оплата услуг связи");

    // Pay: Enter on the focused pay button, then the acquirer's page in the light-DOM iframe.
    await page.locator("lk-pay #pay").focus();
    await page.keyboard.press("Enter");
    const frame = page.frameLocator("lk-pay > iframe");
    await frame.locator("#acq-pay").click();
    await page.locator("lk-pay #receipt-number").waitFor({ timeout: 10_000 });
    expect(await page.locator("lk-pay #receipt-number").textContent()).toBe("R-000777");
    await page.screenshot({ path: join(artifacts, "lk-pay-success.png"), fullPage: true });

    // What the API saw: the publishable key and the page's origin.
    expect(apiRequests.length).toBeGreaterThan(3);
    for (const r of apiRequests) {
      expect(r.key).toBe("pk_test_browser");
      expect(r.origin).toBe(site.origin);
    }

    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(consoleCsp).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it("shows an invoice in the dark theme, axe clean, with no CSP violation", async () => {
    const page = await context.newPage();
    await page.goto(`${site.origin}/invoice`);
    await page.locator("lk-invoice-pay #amount-due").waitFor();
    expect(await page.locator("lk-invoice-pay #amount-due").textContent()).toBe("₽1,234.56");
    await page.addScriptTag({ url: "/axe.min.js" });
    expect(await axeSerious(page)).toEqual([]);
    await page.screenshot({ path: join(artifacts, "lk-invoice-pay-dark-1024.png"), fullPage: true });
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    await page.close();
  });

  it("lk-ready reaches listeners added by scripts after the bundle's tag; el.ready resolves whenever asked", async () => {
    const page = await context.newPage();
    await page.goto(`${site.origin}/late`);
    await page.waitForFunction(() => (window as unknown as { __heard?: string[] }).__heard?.length === 4);
    const heard = await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard);
    expect([...heard].sort()).toEqual([
      "late-deferred",
      "late-deferred: ready",
      "late-inline",
      "late-inline: ready",
    ]);
    // Long after: the promise still answers.
    expect(
      await page.evaluate(() =>
        (document.querySelector("lk-pay") as unknown as { ready: Promise<void> }).ready.then(() => "ok"),
      ),
    ).toBe("ok");
    await page.close();
  });

  it("ships one element without the other, and the <script> bundle within its budget", () => {
    const graph = [...moduleGraph(join(pkg, "dist/define/lk-pay.js"))]
      .map((f) => readFileSync(f, "utf8"))
      .join("");
    expect(graph).toContain("lk-pay");
    expect(graph).not.toContain("LkInvoicePay");
    const gz = gzipSync(readFileSync(join(pkg, "dist/lk-widgets.js"))).length / 1024;
    expect(gz).toBeLessThanOrEqual(25);
  });
});
