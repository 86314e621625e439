import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { iso } from "../src/calls/list";

// The call list rewrites PostgreSQL's timestamptz text into ISO 8601 instead of parsing it; it must
// agree with Date#toISOString() for every instant PostgreSQL can send in a UTC session.
const pgText = (ms: number, micros: number) => {
  const d = new Date(ms);
  const base = d.toISOString().slice(0, 19).replace("T", " ");
  const frac = String((d.getUTCMilliseconds() * 1000 + micros) % 1_000_000)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return `${base}${frac ? `.${frac}` : ""}+00`;
};

describe("iso() of PostgreSQL timestamps", () => {
  it("matches Date#toISOString for any instant, with or without a fraction", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: 0, max: 999 }),
        (ms, micros) => {
          const text = pgText(ms, micros);
          expect(iso(text)).toBe(new Date(text).toISOString());
        },
      ),
    );
  });

  it("falls back to parsing for other offsets and passes Dates through", () => {
    expect(iso("2026-05-03 10:11:12+03")).toBe("2026-05-03T07:11:12.000Z");
    expect(iso(new Date("2026-05-03T10:11:12.5Z"))).toBe("2026-05-03T10:11:12.500Z");
  });
});
