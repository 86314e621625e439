import { describe, expect, it } from "vitest";
import { checkWebhookUrl, nextAttemptAt, RETRY_DELAYS_MS, signWebhook } from "../src/webhooks/index";

describe("checkWebhookUrl", () => {
  it.each([
    "https://erp.example.ru/hooks",
    "https://93.184.216.34/h",
    "http://localhost:3000/h",
    "http://127.0.0.1:8080/h",
    "http://[::1]:8080/h",
  ])("accepts %s", (url) => expect(() => checkWebhookUrl(url)).not.toThrow());

  it.each([
    "http://erp.example.ru/hooks",
    "ftp://example.ru/x",
    "https://user:pw@example.ru/h",
    "https://10.1.2.3/h",
    "https://192.168.0.1/h",
    "https://169.254.169.254/latest",
    "https://[fd00::1]/h",
    "https://example.ru/h#frag",
    "::nonsense::",
  ])("rejects %s naming the url field", (url) => {
    try {
      checkWebhookUrl(url);
      expect.unreachable();
    } catch (e) {
      expect((e as { status: number; fields: { field: string }[] }).status).toBe(400);
      expect((e as { fields: { field: string }[] }).fields[0]!.field).toBe("url");
    }
  });
});

describe("signing and schedule", () => {
  it("matches the Standard Webhooks test vector", () => {
    // From the spec's reference libraries.
    const sig = signWebhook(
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "msg_p5jXN8AQM9LWM0D4loKWxJek",
      1614265330,
      '{"test": 2432232314}',
    );
    expect(sig).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("retries for about three days", () => {
    const start = new Date(0);
    let t = start;
    for (let n = 1; n <= RETRY_DELAYS_MS.length; n++) t = nextAttemptAt(n, t)!;
    expect(nextAttemptAt(RETRY_DELAYS_MS.length + 1, t)).toBeNull();
    expect((t.getTime() - start.getTime()) / 86_400_000).toBeCloseTo(2.98, 1);
  });
});
