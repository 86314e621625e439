import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { createClient } from "../src/index";
import { signWebhook, verifyWebhook, WebhookVerificationError } from "../src/webhooks";

const secret = `whsec_${Buffer.from("0123456789abcdef0123456789abcdef").toString("base64")}`;
const other = `whsec_${Buffer.from("another secret, another tenant!!").toString("base64")}`;
const body = JSON.stringify({ type: "payment.succeeded", data: { id: "pay_1", amount: 150_000 } });
const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const ts = Math.floor(now / 1000);

describe("verifyWebhook", () => {
  it("accepts a good signature and returns the event (also through lk.webhooks.verify)", async () => {
    const headers = await signWebhook(body, secret, { id: "msg_1", timestamp: ts });
    await expect(verifyWebhook(body, headers, secret, { now })).resolves.toEqual(JSON.parse(body));
    const lk = createClient();
    await expect(
      lk.webhooks.verify(new TextEncoder().encode(body), new Headers(headers), secret, { now }),
    ).resolves.toMatchObject({ type: "payment.succeeded" });
  });

  it("rejects a wrong secret, a tampered body, an old or future timestamp, missing headers", async () => {
    const headers = await signWebhook(body, secret, { id: "msg_1", timestamp: ts });
    const reject = (p: Promise<unknown>) => expect(p).rejects.toBeInstanceOf(WebhookVerificationError);
    await reject(verifyWebhook(body, headers, other, { now }));
    await reject(verifyWebhook(body.replace("150000", "1"), headers, secret, { now }));
    await reject(verifyWebhook(body, headers, secret, { now: now + 301_000 }));
    await reject(verifyWebhook(body, headers, secret, { now: now - 301_000 }));
    await reject(verifyWebhook(body, { ...headers, "webhook-id": "msg_2" }, secret, { now }));
    await reject(verifyWebhook(body, { "webhook-id": "msg_1" }, secret, { now }));
    await expect(verifyWebhook(body, headers, secret, { now: now + 299_000 })).resolves.toBeTruthy();
    await expect(
      verifyWebhook(body, headers, secret, { now: now + 600_000, toleranceSec: 700 }),
    ).resolves.toBeTruthy();
  });

  it("accepts any one of several signatures (secret rotation) and ignores unknown versions", async () => {
    const good = await signWebhook(body, secret, { id: "msg_1", timestamp: ts });
    const stale = await signWebhook(body, other, { id: "msg_1", timestamp: ts });
    const headers = {
      ...good,
      "webhook-signature": `v2,zzz ${stale["webhook-signature"]} ${good["webhook-signature"]}`,
    };
    await expect(verifyWebhook(body, headers, secret, { now })).resolves.toBeTruthy();
    await expect(
      verifyWebhook(body, { ...headers, "webhook-signature": "v1,!!!" }, secret, { now }),
    ).rejects.toThrow(WebhookVerificationError);
  });

  it("reads Node-style header objects with odd casing and array values", async () => {
    const h = await signWebhook(body, secret, { id: "msg_1", timestamp: ts });
    const node = {
      "Webhook-Id": h["webhook-id"],
      "webhook-timestamp": h["webhook-timestamp"],
      "webhook-signature": [h["webhook-signature"]],
    };
    await expect(verifyWebhook(body, node, secret, { now })).resolves.toBeTruthy();
  });

  it("agrees with the standardwebhooks package both ways", async () => {
    const wh = new Webhook(secret);
    const realNow = Date.now();
    const id = "msg_cross";
    const theirs = {
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(realNow / 1000)),
      "webhook-signature": wh.sign(id, new Date(realNow), body),
    };
    await expect(verifyWebhook(body, theirs, secret)).resolves.toEqual(JSON.parse(body));
    const ours = await signWebhook(body, secret, { id });
    expect(ours["webhook-signature"]).toBe(
      wh.sign(id, new Date(Number(ours["webhook-timestamp"]) * 1000), body),
    );
    expect(wh.verify(body, ours)).toEqual(JSON.parse(body));
    expect(() => new Webhook(other).verify(body, ours)).toThrow();
  });
});
