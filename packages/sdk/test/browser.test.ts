/**
 * The SDK in a real browser (the system Chromium): bundled for the browser, loaded from the same
 * origin as a local stand-in API, then paging, retrying, verifying a webhook with Web Crypto and
 * streaming a download — no Node APIs in reach.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, describeBrowser } from "../../../test/browser";
import type * as Sdk from "../src/index";
import { bundleForBrowser } from "./helpers/bundle";
import { json, problem, startServer, type TestServer } from "./helpers/server";

let srv: TestServer;
let ctx: BrowserContext;
const profile = mkdtempSync(join(tmpdir(), "lk-sdk-chromium-"));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  const bundle = await bundleForBrowser();
  srv = await startServer({
    "/index.html": (_q, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(
        '<!doctype html><script type="module">import * as sdk from "/sdk.js"; window.sdk = sdk;</script>',
      );
    },
    "/sdk.js": (_q, res) => {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(bundle);
    },
    "GET /v1/accounts": (q, res, n) => {
      if (n === 0) return problem(res, 503); // the first call is retried
      const after = Number(q.url.searchParams.get("cursor") ?? 0);
      const data = Array.from({ length: Math.min(100, 250 - after) }, (_, i) => ({
        id: `acc_${after + i + 1}`,
      }));
      json(res, 200, { data, next_cursor: after + 100 < 250 ? String(after + 100) : null });
    },
    "POST /v1/payments": (q, res) =>
      problem(res, 400, {
        code: "validation_failed",
        errors: [{ field: "amount", code: "too_small", message: "must be positive" }],
        key: q.headers["idempotency-key"],
      }),
    "GET /v1/invoices/inv_1/pdf": (_q, res) => {
      res.writeHead(200, {
        "content-type": "application/pdf",
        "content-disposition": 'attachment; filename="inv.pdf"',
      });
      res.end("%PDF-1.7 fake");
    },
  });
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
}, 60_000);

afterAll(async () => {
  await ctx?.close();
  await srv?.close();
  rmSync(profile, { recursive: true, force: true });
});

describeBrowser("in Chromium", () => {
  it("pages, retries, maps errors, verifies webhooks and streams downloads", async () => {
    const secret = `whsec_${Buffer.from("browser-secret-0123456789abcdef!").toString("base64")}`;
    const body = JSON.stringify({ type: "payment.succeeded", data: { id: "pay_1" } });
    const now = new Date();
    const headers = {
      "webhook-id": "msg_b",
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign("msg_b", now, body),
    };
    const page = await ctx.newPage();
    await page.goto(`${srv.url}/index.html`);
    await page.waitForFunction(() => "sdk" in window);
    const result = await page.evaluate(
      async ({ secret, body, headers }) => {
        // The page loaded the browser bundle of the same source; only its type is imported here.
        const sdk = (window as unknown as { sdk: typeof Sdk }).sdk;
        const lk = sdk.createClient({ retry: { baseDelayMs: 1, maxDelayMs: 5 } });
        const ids: string[] = [];
        for await (const a of lk.accounts.list({ limit: 100 })) ids.push(a.id);
        const err = (await lk.payments
          .create({ items: [{ account_id: "acc_1", amount: -1 }], method: "card" })
          .catch((e: unknown) => e)) as Sdk.ValidationError;
        const event = await lk.webhooks.verify(body, new Headers(headers), secret);
        const tampered = await sdk.verifyWebhook(`${body} `, headers, secret).catch((e: Error) => e.name);
        const dl = await lk.invoices.pdf("inv_1");
        const text = await new Response(dl.stream).text();
        return {
          count: ids.length,
          last: ids.at(-1),
          err: {
            name: err.name,
            isValidation: err instanceof sdk.ValidationError,
            fields: err.fields,
            key: err.problem?.["key"],
          },
          event,
          tampered,
          dl: { filename: dl.filename, text },
        };
      },
      { secret, body, headers },
    );
    expect(result.count).toBe(250);
    expect(result.last).toBe("acc_250");
    expect(srv.hits("/v1/accounts")).toHaveLength(4); // one 503, then three pages
    expect(result.err).toMatchObject({ name: "ValidationError", isValidation: true });
    expect(result.err.fields).toEqual([{ field: "amount", code: "too_small", message: "must be positive" }]);
    expect(result.err.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.event).toEqual(JSON.parse(body));
    expect(result.tampered).toBe("WebhookVerificationError");
    expect(result.dl).toEqual({ filename: "inv.pdf", text: "%PDF-1.7 fake" });
  }, 60_000);
});
