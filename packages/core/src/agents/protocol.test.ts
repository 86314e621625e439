import { describe, expect, it } from "vitest";
import { businessDateTime, businessDay, parseTxnDate } from "./protocol";
import { dayBounds } from "./registry-csv";

// Agents' wall-clock times in the operator's configured zone (ADR 0080), including a zone with
// daylight saving, where a business day is 23 or 25 hours long.

describe("agent dates in the operator's time zone", () => {
  it("reads txn_date in the zone given", () => {
    expect(parseTxnDate("20261205143000", "Europe/Moscow")?.toISOString()).toBe("2026-12-05T11:30:00.000Z");
    expect(parseTxnDate("20261205143000", "Asia/Vladivostok")?.toISOString()).toBe(
      "2026-12-05T04:30:00.000Z",
    );
    expect(parseTxnDate("20260705143000", "Europe/Berlin")?.toISOString()).toBe("2026-07-05T12:30:00.000Z");
    expect(parseTxnDate("20261205143000", "Europe/Berlin")?.toISOString()).toBe("2026-12-05T13:30:00.000Z");
    expect(parseTxnDate("20261305143000", "Europe/Berlin")).toBeUndefined();
  });

  it("gives the business day and the readable time in the zone", () => {
    const at = new Date("2026-12-04T14:30:00Z");
    expect(businessDay(at, "Europe/Moscow")).toBe("2026-12-04");
    expect(businessDay(at, "Asia/Vladivostok")).toBe("2026-12-05");
    expect(businessDateTime(at, "Asia/Vladivostok")).toBe("05.12.2026 00:30");
  });

  it("bounds a day by the zone's midnights, 23 or 25 hours where clocks change", () => {
    const hours = (day: string, tz: string) => {
      const [a, b] = dayBounds(day, tz);
      return [a.toISOString(), (b.getTime() - a.getTime()) / 3_600_000];
    };
    expect(hours("2026-12-05", "Europe/Moscow")).toEqual(["2026-12-04T21:00:00.000Z", 24]);
    expect(hours("2026-03-29", "Europe/Berlin")).toEqual(["2026-03-28T23:00:00.000Z", 23]);
    expect(hours("2026-10-25", "Europe/Berlin")).toEqual(["2026-10-24T22:00:00.000Z", 25]);
  });
});
