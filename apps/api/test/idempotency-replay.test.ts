import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn } from "./helpers";
import { createPaymentsEnv, type PaymentsEnv } from "./payments-env";

let env: PaymentsEnv;
let co: TestCompany;
let token: string;

beforeAll(async () => {
  env = await createPaymentsEnv();
  co = await makeCompany(env.conn);
  token = await signIn(env.app, co.accountant.login, co.accountant.password);
});
afterAll(() => env.close());

describe("Idempotency-Key replay", () => {
  it("returns the first answer byte for byte (status, content type and body)", async () => {
    const key = `replay-bytes-${crypto.randomUUID()}`;
    const send = () =>
      env.app.request("/v1/payments", {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "idempotency-key": key,
        },
        body: JSON.stringify({ items: [{ account_id: co.accounts[0]!.id, amount: 123_45 }], method: "card" }),
      });
    const first = await send();
    const firstText = await first.text();
    const replay = await send();
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.status).toBe(first.status);
    expect(replay.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(await replay.text()).toBe(firstText);
  });
});
