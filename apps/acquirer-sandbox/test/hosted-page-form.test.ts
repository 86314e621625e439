import { afterEach, describe, expect, it } from "vitest";
import type { SandboxApp } from "../src/app";
import { createPayment, testSandbox } from "./helpers";

let app: SandboxApp;
afterEach(() => app?.sandbox.close());

describe("POST /pay/:id with a body that is not the page's form", () => {
  it("a malformed multipart body is a clear 400, never a 500 (card form and 3-D Secure)", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    for (const path of [`/pay/${p.id}`, `/pay/${p.id}/3ds`])
      for (const type of ["multipart/form-data", "multipart/form-data; boundary=xyz"]) {
        const res = await app.request(path, { method: "POST", headers: { "content-type": type }, body: "x" });
        expect(res.status, `${path} ${type}`).toBe(400);
        expect((await res.json()).code).toBe("invalid_form");
      }
  });

  it("other content types and missing or repeated fields are the form's validation (422), not an error", async () => {
    app = testSandbox();
    const p = await createPayment(app);
    for (const [type, body] of [
      ["application/json", '{"card_number":"4242424242424242"}'],
      ["text/plain", "card_number=4242424242424242"],
      ["application/x-www-form-urlencoded", "card_number=%zz&card_number=&x[]=1"],
    ] as const) {
      const res = await app.request(`/pay/${p.id}`, {
        method: "POST",
        headers: { "content-type": type },
        body,
      });
      expect(res.status, type).toBe(422);
    }
  });
});
