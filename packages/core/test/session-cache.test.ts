import { describe, expect, it } from "vitest";
import { SessionCheckCache } from "../src/auth/session-cache";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("SessionCheckCache", () => {
  it("gives an answer back until its time is up", async () => {
    const cache = new SessionCheckCache<string>(80);
    cache.set("s", "live", cache.generation());
    expect(cache.get("s")).toBe("live");
    await sleep(120);
    expect(cache.get("s")).toBeUndefined();
  });

  it("forgets everything on invalidate, and refuses an answer read before it", () => {
    const cache = new SessionCheckCache<string>(60_000);
    cache.set("a", "live", cache.generation());
    const readBefore = cache.generation(); // a check in flight while a sign-out commits
    cache.invalidate();
    expect(cache.get("a")).toBeUndefined();
    cache.set("b", "live (stale)", readBefore);
    expect(cache.get("b")).toBeUndefined();
    cache.set("b", "signed out", cache.generation());
    expect(cache.get("b")).toBe("signed out");
  });

  it("keeps nothing with a zero time, and at most `max` entries, the oldest dropped first", () => {
    const off = new SessionCheckCache<string>(0);
    off.set("a", "live", off.generation());
    expect(off.get("a")).toBeUndefined();
    const small = new SessionCheckCache<number>(60_000, 2);
    for (const [i, k] of ["a", "b", "c"].entries()) small.set(k, i, small.generation());
    expect([small.get("a"), small.get("b"), small.get("c")]).toEqual([undefined, 1, 2]);
  });
});
