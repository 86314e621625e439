import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Browser, chromium, type Frame, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS } from "../../../test/browser";
import { silentLogger } from "../src/logger";
import { type RunningSandbox, startSandboxServer } from "../src/server";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from "../src/signature";
import { paymentBody, SECRET, SHOP, startReceiver } from "./helpers";

let browser: Browser;
let sandbox: RunningSandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let shop: Server;
let shopUrl: string;

/** The partner's site: a return page and a page embedding the hosted form in an iframe. */
function startShop(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://shop");
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    if (url.pathname === "/back") {
      res.end(`<h1 id="back">Back at the shop: ${url.searchParams.get("status")}</h1>`);
    } else if (url.pathname === "/embed") {
      const src = url.searchParams.get("src") ?? "";
      res.end(`<iframe title="payment" src="${src.replaceAll('"', "&quot;")}" width="480" height="640"></iframe>
<script>window.addEventListener("message", (e) => { window.lkResult = e.data; });</script>`);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  [browser, receiver, shop] = await Promise.all([
    chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    }),
    startReceiver(),
    startShop(),
  ]);
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
  sandbox = await startSandboxServer({
    shops: { [SHOP]: SECRET },
    logger: silentLogger,
    retry: { baseDelayMs: 10, maxAttempts: 3 },
  });
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  await receiver?.close();
  await new Promise((r) => shop?.close(r));
});

async function createPayment(over: Record<string, unknown>) {
  const res = await fetch(`${sandbox.url}/v1/payments`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${SHOP}:${SECRET}`).toString("base64")}`,
      "Content-Type": "application/json",
      "Idempotency-Key": crypto.randomUUID(),
    },
    body: JSON.stringify(paymentBody({ notification_url: receiver.url, ...over })),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; confirmation_url: string };
}

/** Opens a page and collects CSP violations, which must stay at zero. */
async function openPage(): Promise<{ page: Page; cspErrors: string[] }> {
  const page = await browser.newPage();
  const cspErrors: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  return { page, cspErrors };
}

async function fillCard(target: Page | Frame, number: string) {
  await target.getByLabel(/Номер карты|Card number/).fill(number);
  await target.getByLabel(/Срок действия|Expiry/).fill("1230");
  await target.getByLabel("CVC").fill("123");
  await target.getByLabel(/Имя владельца|Cardholder/).fill("IVAN PETROV");
}

/** Verified notification types for one payment, in arrival order. */
async function notificationTypes(paymentId: string): Promise<string[]> {
  await sandbox.app.sandbox.notificationsIdle();
  return receiver.received
    .filter((r) => r.rawBody.includes(paymentId))
    .map((r) => {
      verifySignature({
        secret: SECRET,
        rawBody: r.rawBody,
        timestamp: r.headers[TIMESTAMP_HEADER.toLowerCase()] as string,
        signature: r.headers[SIGNATURE_HEADER.toLowerCase()] as string,
        now: new Date(),
      });
      return (JSON.parse(r.rawBody) as { type: string }).type;
    });
}

/** Screenshots a person can look at (not compared by the test). */
const artifacts = join(import.meta.dirname, "../../../artifacts/acquirer-sandbox");
mkdirSync(artifacts, { recursive: true });

describe("hosted card page in Chromium", () => {
  it("success card inside a partner's iframe: result page and postMessage to the parent", async () => {
    const p = await createPayment({ return_url: `${shopUrl}/back` });
    const { page, cspErrors } = await openPage();
    await page.goto(`${shopUrl}/embed?src=${encodeURIComponent(p.confirmation_url)}`);
    const frame = page.frameLocator("iframe");
    const number = frame.getByLabel("Номер карты");
    await number.fill("4242424242424242");
    await expect.poll(() => number.inputValue()).toBe("4242 4242 4242 4242"); // page.js formats
    const iframe = page.frames().find((f) => f.url().startsWith(sandbox.url))!;
    await fillCard(iframe, "4242 4242 4242 4242");
    await frame.getByRole("button", { name: /Оплатить/ }).click();

    await frame.locator("#result").waitFor({ timeout: 5_000 });
    expect(await frame.locator("#result").textContent()).toBe("Оплата прошла");
    await page.waitForFunction(() => (window as unknown as { lkResult?: unknown }).lkResult, null, {
      timeout: 5_000,
    });
    const message = await page.evaluate(() => (window as unknown as { lkResult: unknown }).lkResult);
    expect(message).toEqual({ type: "lk-acquirer-result", paymentId: p.id, status: "succeeded" });
    expect(page.url()).toContain("/embed"); // the partner page itself was not navigated away
    expect(await notificationTypes(p.id)).toEqual(["payment.succeeded"]);
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it("declined card on top: the payer is sent back to return_url with the status", async () => {
    const p = await createPayment({ return_url: `${shopUrl}/back` });
    const { page, cspErrors } = await openPage();
    await page.goto(p.confirmation_url);
    await fillCard(page, "4000 0000 0000 0002");
    await Promise.all([
      page.waitForURL(`${shopUrl}/back?**`),
      page.getByRole("button", { name: /Оплатить/ }).click(),
    ]);
    const back = new URL(page.url());
    expect(back.searchParams.get("payment_id")).toBe(p.id);
    expect(back.searchParams.get("status")).toBe("failed");
    expect(await page.locator("#back").textContent()).toBe("Back at the shop: failed");
    expect(await notificationTypes(p.id)).toEqual(["payment.failed"]);
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it("keeps every field inside the card at 360 and 1280 px (the CVC field used to spill out)", async () => {
    const p = await createPayment({});
    for (const width of [360, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      await page.goto(p.confirmation_url);
      const spill = await page.evaluate(() => {
        const form = document.querySelector("form")!.getBoundingClientRect();
        return [...document.querySelectorAll("form input:not([type=hidden])")]
          .map((i) => ({ id: i.id, right: i.getBoundingClientRect().right }))
          .filter((i) => i.right > form.right + 0.5)
          .map((i) => i.id);
      });
      expect(spill, `at ${width} px`).toEqual([]);
      await page.screenshot({ path: join(artifacts, `card-page-${width}.png`), fullPage: true });
      await page.close();
    }
  });

  it("3-D Secure card in English: field errors, then the code page, then success", async () => {
    const p = await createPayment({ return_url: undefined });
    const { page, cspErrors } = await openPage();
    await page.goto(`${p.confirmation_url}?lang=en`);
    await fillCard(page, "4000 0000 0000 3221"); // Luhn-invalid first
    await page.getByRole("button", { name: /Pay/ }).click();
    await page.getByText("Check the card number").waitFor();

    await fillCard(page, "4000 0000 0000 3220");
    await page.getByRole("button", { name: /Pay/ }).click();
    await page.getByRole("heading", { name: "3-D Secure confirmation" }).waitFor();
    await page.getByLabel("Confirmation code").fill("123456");
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.locator("#result").waitFor();
    expect(await page.locator("#result").textContent()).toBe("Payment succeeded");
    expect(await notificationTypes(p.id)).toEqual(["payment.requires_action", "payment.succeeded"]);
    expect(cspErrors).toEqual([]);
    await page.close();
  });
});
