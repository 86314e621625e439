import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../src/http/env";
import { onError } from "../src/http/errors";

// What a database error that no service anticipated becomes on the wire: never a bare 500 when
// the database itself says the request can be sent again or already exists. The errors are thrown
// in the shapes both drivers give (postgres.js: `code`; drizzle wraps it as `cause`).

const app = new Hono<AppEnv>()
  .get("/deadlock", () => {
    throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
  })
  .get("/serialization", () => {
    throw new Error("Failed query", {
      cause: Object.assign(new Error("could not serialize"), { code: "40001" }),
    });
  })
  .get("/unique", () => {
    throw Object.assign(new Error("duplicate key"), { code: "23505" });
  })
  .get("/other", () => {
    throw new Error("boom");
  })
  .onError(onError);

const get = async (path: string) => {
  const res = await app.request(path, { headers: { "accept-language": "en" } });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as any };
};

describe("database errors no service anticipated", () => {
  it("a deadlock or a serialization failure is a 503 to send again, with Retry-After", async () => {
    for (const path of ["/deadlock", "/serialization"]) {
      const r = await get(path);
      expect(r.status, path).toBe(503);
      expect(r.retryAfter).toBe("1");
      expect(r.body.code).toBe("try_again");
    }
  });

  it("a unique violation is a 409; anything else a 500 that hides the message", async () => {
    expect((await get("/unique")).status).toBe(409);
    const other = await get("/other");
    expect(other.status).toBe(500);
    expect(JSON.stringify(other.body)).not.toContain("boom");
  });
});
