import { afterEach, describe, expect, it } from "vitest";
import type { SandboxApp } from "../src/app";
import { authHeaders, createPayment, fakeClock, getPaymentJson, submitCard, testSandbox } from "./helpers";

let app: SandboxApp;
afterEach(() => app?.sandbox.close());

function recordingFetch() {
  const events: { type: string; payment: Record<string, unknown> }[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
    events.push(JSON.parse(String(init?.body)));
    return new Response("ok");
  };
  return { events, fetch: fetch as typeof globalThis.fetch };
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  body: new URLSearchParams(fields).toString(),
});

describe("GET /pay/:id", () => {
  it("renders a labelled card form in Russian, in English with ?lang=en", async () => {
    app = testSandbox();
    const p = await createPayment(app, { amount: 123_456 });
    const ru = await app.request(`/pay/${p.id}`);
    expect(ru.status).toBe(200);
    const html = await ru.text();
    expect(html).toContain('<html lang="ru">');
    for (const id of ["card_number", "expiry", "cvc", "holder"]) {
      expect(html).toContain(`<label for="${id}">`);
      expect(html).toContain(`id="${id}" name="${id}"`);
    }
    expect(html).toContain("Номер карты");
    expect(html).toMatch(/1\s234,56\s₽/);
    expect(html).toContain("Оплата связи, ЛС 100200300");
    const en = await (await app.request(`/pay/${p.id}?lang=en`)).text();
    expect(en).toContain("Card number");
    expect(en).toContain(`action="/pay/${p.id}?lang=en"`);
  });

  it("sends a strict CSP that allows framing and no inline code", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    const res = await app.request(`/pay/${p.id}`);
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors *");
    expect(csp).toContain("form-action 'self' https://shop.example");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("X-Frame-Options")).toBeNull();
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/<style|\sstyle=|\son\w+=/);
  });

  it("uses the configured frame-ancestors list", async () => {
    app = testSandbox({ frameAncestors: ["'self'", "https://partner.example"] });
    const p = await createPayment(app);
    const csp = (await app.request(`/pay/${p.id}`)).headers.get("Content-Security-Policy");
    expect(csp).toContain("frame-ancestors 'self' https://partner.example");
  });

  it("serves the CSS and JS as files", async () => {
    app = testSandbox();
    for (const [name, type] of [
      ["page.css", "text/css"],
      ["page.js", "text/javascript"],
      ["result.js", "text/javascript"],
    ] as const) {
      const res = await app.request(`/assets/${name}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toContain(type);
    }
    expect(await (await app.request("/assets/result.js")).text()).toContain('"lk-acquirer-result"');
    expect((await app.request("/assets/../src/app.ts")).status).toBe(404);
  });

  it("answers 404 for an unknown payment and escapes what the merchant sent", async () => {
    app = testSandbox();
    expect((await app.request("/pay/pay_unknown")).status).toBe(404);
    const p = await createPayment(app, { description: '<img src=x onerror="alert(1)">' });
    const html = await (await app.request(`/pay/${p.id}`)).text();
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img");
  });
});

describe("POST /pay/:id validation", () => {
  it("re-renders with field errors and keeps neither the card number nor the CVC", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    const res = await app.request(
      `/pay/${p.id}?lang=en`,
      form({ card_number: "4242 4242 4242 4241", expiry: "13/30", cvc: "12", holder: "" }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Check the card number");
    expect(html).toContain("Enter the expiry as MM/YY");
    expect(html).toContain("CVC is three digits");
    expect(html).toContain("Enter the name as on the card");
    expect(html).toContain('aria-invalid="true"');
    expect(html).not.toContain("4241");
    expect((await getPaymentJson(app, p.id)).status).toBe("pending");
  });

  it("rejects an expired card but accepts the current month", async () => {
    const clock = fakeClock("2026-03-31T23:00:00Z");
    app = testSandbox({ now: clock.now });
    const p = await createPayment(app);
    const expired = await submitCard(app, p.id, "4242424242424242", { expiry: "02/26" });
    expect(expired.status).toBe(422);
    expect(await expired.text()).toContain("Срок действия карты истёк");
    const ok = await submitCard(app, p.id, "4242424242424242", { expiry: "03/26" });
    expect(ok.status).toBe(303);
  });
});

describe("test cards", () => {
  it("4242 4242 4242 4242 succeeds and sends the payer back to return_url", async () => {
    const rec = recordingFetch();
    app = testSandbox({ fetch: rec.fetch });
    const p = await createPayment(app);
    const res = await submitCard(app, p.id, "4242 4242 4242 4242");
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get("Location")!);
    expect(back.origin + back.pathname).toBe("https://shop.example/back");
    expect(Object.fromEntries(back.searchParams)).toEqual({
      from: "sandbox",
      payment_id: p.id,
      status: "succeeded",
    });
    await app.sandbox.notificationsIdle();
    expect(rec.events.map((e) => e.type)).toEqual(["payment.succeeded"]);
    expect(rec.events[0]!.payment).toMatchObject({ id: p.id, order_id: p.order_id, status: "succeeded" });
  });

  it("keeps a payment_id and status the shop put on return_url (LK Business sends its own id there)", async () => {
    app = testSandbox({ fetch: recordingFetch().fetch });
    const p = await createPayment(app, { return_url: "https://shop.example/back?payment_id=ours-1" });
    const res = await submitCard(app, p.id, "4242 4242 4242 4242");
    const back = new URL(res.headers.get("Location")!);
    expect(Object.fromEntries(back.searchParams)).toEqual({ payment_id: "ours-1", status: "succeeded" });
    await app.sandbox.notificationsIdle();
  });

  it("4000 0000 0000 0002 is declined with card_declined", async () => {
    const rec = recordingFetch();
    app = testSandbox({ fetch: rec.fetch });
    const p = await createPayment(app, { return_url: undefined });
    const res = await submitCard(app, p.id, "4000000000000002");
    expect(res.headers.get("Location")).toBe(`/pay/${p.id}?lang=ru`);
    const html = await (await app.request(res.headers.get("Location")!)).text();
    expect(html).toContain("Оплата не прошла");
    expect(html).toContain("банк отклонил операцию");
    expect(await getPaymentJson(app, p.id)).toMatchObject({
      status: "failed",
      failure_reason: "card_declined",
    });
    await app.sandbox.notificationsIdle();
    expect(rec.events.map((e) => e.type)).toEqual(["payment.failed"]);
  });

  it("declines other Luhn-valid numbers: no real cards in the sandbox", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    await submitCard(app, p.id, "5555555555554444");
    expect(await getPaymentJson(app, p.id)).toMatchObject({ status: "failed", card_mask: "•• 4444" });
  });

  it("4000 0000 0000 3220 asks for 3-D Secure; 123456 succeeds", async () => {
    const rec = recordingFetch();
    app = testSandbox({ fetch: rec.fetch });
    const p = await createPayment(app);
    const res = await submitCard(app, p.id, "4000000000003220");
    expect(res.headers.get("Location")).toBe(`/pay/${p.id}?lang=ru`);
    expect((await getPaymentJson(app, p.id)).status).toBe("requires_action");
    const page = await (await app.request(`/pay/${p.id}`)).text();
    expect(page).toContain("3-D Secure");
    expect(page).toContain(`action="/pay/${p.id}/3ds?lang=ru"`);

    const done = await app.request(`/pay/${p.id}/3ds`, form({ code: "123456" }));
    expect(done.headers.get("Location")).toContain("status=succeeded");
    await app.sandbox.notificationsIdle();
    expect(rec.events.map((e) => e.type)).toEqual(["payment.requires_action", "payment.succeeded"]);
  });

  it("a wrong 3-D Secure code fails the payment with 3ds_failed", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    await submitCard(app, p.id, "4000 0000 0000 3220");
    const res = await app.request(`/pay/${p.id}/3ds`, form({ code: "000000" }));
    expect(res.headers.get("Location")).toContain("status=failed");
    expect(await getPaymentJson(app, p.id)).toMatchObject({ status: "failed", failure_reason: "3ds_failed" });
    // A second try cannot change the outcome.
    await app.request(`/pay/${p.id}/3ds`, form({ code: "123456" }));
    expect((await getPaymentJson(app, p.id)).status).toBe("failed");
  });

  it("4000 0000 0000 0119 processes until the timeout, then fails with processing_timeout", async () => {
    const clock = fakeClock();
    const rec = recordingFetch();
    app = testSandbox({ now: clock.now, fetch: rec.fetch, processingTimeoutMs: 60_000 });
    const p = await createPayment(app);
    await submitCard(app, p.id, "4000000000000119");
    const processing = await (await app.request(`/pay/${p.id}`)).text();
    expect(processing).toContain('http-equiv="refresh"');
    expect((await getPaymentJson(app, p.id)).status).toBe("pending");
    const cancel = await app.request(`/v1/payments/${p.id}/cancel`, {
      method: "POST",
      headers: authHeaders(),
    });
    expect(cancel.status).toBe(409);

    clock.advance(59_999);
    expect(app.sandbox.tick()).toBe(0);
    clock.advance(1);
    expect(app.sandbox.tick()).toBe(1);
    expect(await getPaymentJson(app, p.id)).toMatchObject({
      status: "failed",
      failure_reason: "processing_timeout",
    });
    await app.sandbox.notificationsIdle();
    expect(rec.events.map((e) => e.type)).toEqual(["payment.failed"]);
    // The result page sends a payer who waited on top back to the shop by itself.
    const result = await (await app.request(`/pay/${p.id}`)).text();
    expect(result).toMatch(/http-equiv="refresh" content="3;url=https:\/\/shop\.example\/back\?/);
  });

  it("the processing timer fails the timeout card by itself", async () => {
    app = testSandbox({ processingTimeoutMs: 30 });
    const p = await createPayment(app);
    await submitCard(app, p.id, "4000000000000119");
    await expect
      .poll(async () => (await getPaymentJson(app, p.id)).failure_reason)
      .toBe("processing_timeout");
  });
});

describe("inside an iframe", () => {
  it("shows the result page with result.js instead of redirecting", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    const res = await submitCard(app, p.id, "4242424242424242", { embedded: "1" });
    expect(res.headers.get("Location")).toBe(`/pay/${p.id}?lang=ru`);
    const page = await app.request(res.headers.get("Location")!, { headers: { "Sec-Fetch-Dest": "iframe" } });
    const html = await page.text();
    expect(html).toContain('<script src="/assets/result.js" defer></script>');
    expect(html).toContain(`data-payment-id="${p.id}"`);
    expect(html).toContain('data-status="succeeded"');
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).toContain('target="_top"');
  });

  it("detects the iframe from Sec-Fetch-Dest without JavaScript", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    const res = await app.request(
      `/pay/${p.id}`,
      form(
        { card_number: "4242424242424242", expiry: "12/30", cvc: "123", holder: "A B" },
        { "Sec-Fetch-Dest": "iframe" },
      ),
    );
    expect(res.headers.get("Location")).toBe(`/pay/${p.id}?lang=ru`);
  });
});
