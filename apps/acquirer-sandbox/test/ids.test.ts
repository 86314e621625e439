import { describe, expect, it } from "vitest";
import { newId } from "../src/ids";

describe("newId", () => {
  it("gives 96-bit hex ids, all distinct, across many refills of the random pool", () => {
    const ids = Array.from({ length: 2000 }, () => newId("pay"));
    for (const id of ids) expect(id).toMatch(/^pay_[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(newId("evt")).toMatch(/^evt_[0-9a-f]{24}$/);
  });
});
