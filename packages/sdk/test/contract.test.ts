/**
 * What an integrator sees of the SDK beyond the data: who it says it is, the language it asks for,
 * errors that name the field, and webhook events typed by `type`.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  createClient,
  SDK_VERSION,
  signWebhook,
  ValidationError,
  verifyWebhook,
  type WebhookEvent,
} from "../src/index";
import { json, problem, startServer, type TestServer } from "./helpers/server";

let api: TestServer;
beforeAll(async () => {
  api = await startServer({
    "GET /v1/accounts": (_req, res) => json(res, 200, { data: [], next_cursor: null }),
    "POST /v1/transfers": (_req, res) =>
      problem(res, 400, {
        code: "validation_failed",
        detail: "Check the data",
        errors: [
          { field: "targets[0].amount", code: "too_small", message: "At least 1 kopeck" },
          { field: "from_account_id", code: "invalid_uuid", message: "Not a UUID" },
        ],
      }),
  });
});
afterAll(() => api.close());

describe("SDK identity and language", () => {
  it("says who it is (Node) and asks for English unless told otherwise", async () => {
    await createClient({ baseUrl: api.url, auth: "sk_test_x" }).accounts.list().toArray();
    const seen = api.seen.at(-1)!;
    expect(seen.headers["user-agent"]).toBe(`lk-sdk/${SDK_VERSION} node/${process.version}`);
    expect(seen.headers["accept-language"]).toBe("en");
    await createClient({ baseUrl: api.url, language: "ru", userAgent: "erp/2" }).accounts.list().toArray();
    expect(api.seen.at(-1)!.headers).toMatchObject({ "user-agent": "erp/2", "accept-language": "ru" });
  });

  it("keeps SDK_VERSION equal to package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});

describe("errors", () => {
  it("name the first invalid field and its problem", async () => {
    const lk = createClient({ baseUrl: api.url, maxRetries: 0 });
    const e = await lk.transfers
      .create({ from_account_id: "x", targets: [{ account_id: "y", amount: 0 }] })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toBe("targets[0].amount: At least 1 kopeck (+1 more in .fields)");
    expect((e as ValidationError).fields).toHaveLength(2);
  });
});

describe("webhook events", () => {
  it("come back typed by `type`", async () => {
    const secret = `whsec_${Buffer.from("k".repeat(32)).toString("base64")}`;
    const body = JSON.stringify({
      type: "balance.low",
      timestamp: "2026-03-01T12:00:00.000Z",
      data: {
        account_id: "a",
        account_number: "770000000001",
        balance: 8000,
        threshold: 10000,
        currency: "RUB",
      },
    });
    const event = await verifyWebhook(body, await signWebhook(body, secret), secret);
    expectTypeOf(event).toEqualTypeOf<WebhookEvent>();
    if (event.type === "balance.low") {
      expectTypeOf(event.data.threshold).toEqualTypeOf<number>();
      expect(event.data.threshold).toBe(10000);
    } else throw new Error(`unexpected ${event.type}`);
  });
});
