import { describe, expect, it } from "vitest";
import { SessionCheckCache } from "../src/auth/session-cache";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("SessionCheckCache", () => {
  it("gives an answer back until its time is up", async () => {
    const cache = new SessionCheckCache<string>(80);
    cache.set("s", "live", cache.ticket());
    expect(cache.get("s")).toBe("live");
    await sleep(120);
    expect(cache.get("s")).toBeUndefined();
  });

  it("forgets everything on invalidate, and refuses an answer read before it", () => {
    const cache = new SessionCheckCache<string>(60_000);
    cache.set("a", "live", cache.ticket());
    const readBefore = cache.ticket(); // a check in flight while a sign-out commits
    cache.invalidate();
    expect(cache.get("a")).toBeUndefined();
    cache.set("b", "live (stale)", readBefore);
    expect(cache.get("b")).toBeUndefined();
    cache.set("b", "signed out", cache.ticket());
    expect(cache.get("b")).toBe("signed out");
  });

  it("counts the time from before the query that read the answer", async () => {
    const cache = new SessionCheckCache<string>(80);
    const ticket = cache.ticket();
    await sleep(60); // a slow check
    cache.set("s", "live", ticket);
    await sleep(40);
    expect(cache.get("s")).toBeUndefined();
  });

  it("keeps nothing with a zero time, and at most `max` entries, the least recently set dropped first", () => {
    const off = new SessionCheckCache<string>(0);
    off.set("a", "live", off.ticket());
    expect(off.get("a")).toBeUndefined();
    const small = new SessionCheckCache<number>(60_000, 2);
    for (const [i, k] of ["a", "b", "a", "c"].entries()) small.set(k, i, small.ticket());
    // refreshing "a" kept "b" (nothing was evicted for it); "c" then pushed out "b", the older
    expect([small.get("a"), small.get("b"), small.get("c")]).toEqual([2, undefined, 3]);
  });
});
