import { describe, expect, it } from "vitest";
import { isValidCardNumber, normalizeCardNumber } from "../src/luhn";
import { TEST_CARDS } from "../src/test-cards";
import { authHeaders, captureLogger, createPayment, fakeClock, submitCard, testSandbox } from "./helpers";

describe("Luhn", () => {
  it("accepts every documented test card and well-known valid numbers", () => {
    for (const n of [...Object.keys(TEST_CARDS), "5555555555554444", "2200000000000004", "378282246310005"]) {
      expect(isValidCardNumber(n), n).toBe(true);
    }
  });

  it("rejects a changed digit, wrong lengths and non-digits", () => {
    expect(isValidCardNumber("4242424242424241")).toBe(false);
    expect(isValidCardNumber("42424242424")).toBe(false);
    expect(isValidCardNumber("42424242424242424242")).toBe(false);
    expect(isValidCardNumber("4242a24242424242")).toBe(false);
    expect(isValidCardNumber("")).toBe(false);
  });

  it("detects every single-digit error", () => {
    const base = "4242424242424242";
    for (let i = 0; i < base.length; i++) {
      for (let d = 0; d <= 9; d++) {
        const changed = base.slice(0, i) + d + base.slice(i + 1);
        if (changed !== base) expect(isValidCardNumber(changed)).toBe(false);
      }
    }
  });

  it("ignores spaces and dashes the payer types", () => {
    expect(normalizeCardNumber(" 4242 4242-4242 4242 ")).toBe("4242424242424242");
  });
});

describe("card data in logs", () => {
  it("never logs a card number, an expiry with it, or a CVC, whatever the flow", async () => {
    const logger = captureLogger();
    const clock = fakeClock();
    const app = testSandbox({ logger, now: clock.now, processingTimeoutMs: 1_000 });
    const cvc = "987";
    for (const number of [...Object.keys(TEST_CARDS), "5555555555554444", "4242424242424241"]) {
      const p = await createPayment(app, { save_card: true });
      await submitCard(app, p.id, number.replace(/(\d{4})/g, "$1 ").trim(), { cvc });
      await app.request(`/pay/${p.id}/3ds`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "code=123456",
      });
    }
    clock.advance(1_000);
    app.sandbox.tick();
    await app.request("/v1/payments", {
      method: "POST",
      headers: authHeaders("tok"),
      body: JSON.stringify({ payment_method_token: "tok_x", amount: 1, currency: "RUB" }),
    });
    await app.sandbox.notificationsIdle();
    app.sandbox.close();

    const all = logger.lines.join("\n");
    expect(logger.lines.length).toBeGreaterThan(10);
    expect(all).toContain('"last4":"4242"');
    // Random hex ids may contain digit runs by chance; everything else must not.
    const withoutIds = all.replace(/\b(pay|evt|tok|rf)_[0-9a-f]+/g, "<id>");
    for (const number of Object.keys(TEST_CARDS)) expect(withoutIds).not.toContain(number.slice(0, 8));
    expect(withoutIds).not.toMatch(/\d{9,}/);
    expect(withoutIds).not.toMatch(/\d{4}[ -]\d{4}/);
    expect(withoutIds).not.toContain(cvc);
  });
});
