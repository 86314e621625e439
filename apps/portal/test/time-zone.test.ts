import { makeCompany, type TestCompany } from "@lk/core/testing";
import { notifications } from "@lk/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { dayIn, monthIn, zonedIso } from "../src/core/format";
import { newPage, type PortalEnv, signIn, startPortalEnv } from "./env";

// The portal's business time is the operator's zone (LK_TIME_ZONE), not a fixed +3 h: "today", this
// month, the days a person picks and every time on screen. Tested with Yekaterinburg (UTC+5), as
// receipts-zone tests do with Berlin, so a Moscow constant anywhere would show.

describe("zone arithmetic", () => {
  // 20:30 UTC on 31 December: 23:30 in Moscow, 01:30 on 1 January in Yekaterinburg.
  const newYearsEve = new Date("2026-12-31T20:30:00Z");
  it("names the day and month of the zone, not of UTC or Moscow", () => {
    expect(dayIn(newYearsEve, "Europe/Moscow")).toBe("2026-12-31");
    expect(dayIn(newYearsEve, "Asia/Yekaterinburg")).toBe("2027-01-01");
    expect(dayIn(newYearsEve, "America/New_York")).toBe("2026-12-31");
    expect(monthIn(newYearsEve, "Asia/Yekaterinburg")).toBe("2027-01");
    expect(monthIn(newYearsEve, "Asia/Yekaterinburg", -1)).toBe("2026-12");
    expect(monthIn(newYearsEve, "Europe/Moscow", 1)).toBe("2027-01");
  });
  it("turns a picked day into an instant with that zone's offset on that day", () => {
    expect(zonedIso("2026-07-07", "00:00:00", "Asia/Yekaterinburg")).toBe("2026-07-07T00:00:00+05:00");
    expect(zonedIso("2026-07-07", "00:00:00", "Europe/Berlin")).toBe("2026-07-07T00:00:00+02:00");
    expect(zonedIso("2026-01-07", "23:59:59", "Europe/Berlin")).toBe("2026-01-07T23:59:59+01:00");
    expect(zonedIso("2026-01-07", "00:00:00", "America/New_York")).toBe("2026-01-07T00:00:00-05:00");
    expect(zonedIso("2026-12-01", "00:00:00", "Europe/Moscow")).toBe("2026-12-01T00:00:00+03:00");
    // The days daylight saving starts and ends in Berlin.
    expect(zonedIso("2026-03-29", "23:59:59", "Europe/Berlin")).toBe("2026-03-29T23:59:59+02:00");
    expect(zonedIso("2026-10-25", "00:00:00", "Europe/Berlin")).toBe("2026-10-25T00:00:00+02:00");
    expect(zonedIso("2026-10-25", "23:59:59", "Europe/Berlin")).toBe("2026-10-25T23:59:59+01:00");
  });
});

const ZONE = "Asia/Yekaterinburg";

describeBrowser("portal in the operator's zone (Yekaterinburg)", () => {
  let env: PortalEnv;
  let co: TestCompany;
  let page: Page;
  beforeAll(async () => {
    env = await startPortalEnv({ env: { LK_TIME_ZONE: ZONE } });
    co = await makeCompany(env.conn);
    // 19:30 UTC on 1 December: 00:30 on 2 December in Yekaterinburg, 22:30 on 1 December in Moscow.
    await env.conn.db.insert(notifications).values({
      companyId: co.id,
      userId: co.accountant.id,
      kind: "low_balance",
      titleRu: "Низкий баланс",
      titleEn: "Low balance",
      bodyRu: "Пополните счёт",
      bodyEn: "Top up the account",
      dedupeKey: "zone-test",
      createdAt: new Date("2026-12-01T19:30:00Z"),
    });
    ({ page } = await newPage(env));
    await signIn(page, env, co.accountant.login, co.accountant.password);
    await page.waitForSelector("lk-dashboard [data-testid=owed]");
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  it("is told the zone by the page the server gives", async () => {
    expect(await page.locator('meta[name="lk-time-zone"]').getAttribute("content")).toBe(ZONE);
  });

  it("shows times in the zone", async () => {
    await expect
      .poll(() =>
        page.locator("lk-dashboard #h-attention ~ ul li, lk-dashboard h3 + ul li").allTextContents(),
      )
      .toEqual(expect.arrayContaining([expect.stringContaining("02.12.2026, 00:30")]));
  });

  it("sends picked days as the zone's midnight and last second", async () => {
    const asked = page.waitForRequest((r) => r.url().includes("/v1/payments?"));
    await page.goto(`${env.url}/payments?from=2026-07-01&to=2026-07-31`);
    const u = new URL((await asked).url());
    expect(u.searchParams.get("from")).toBe("2026-07-01T00:00:00+05:00");
    expect(u.searchParams.get("to")).toBe("2026-07-31T23:59:59+05:00");
    const calls = page.waitForRequest((r) => r.url().includes("/v1/calls?"));
    await page.goto(`${env.url}/calls?from=2026-07-01&to=2026-07-02`);
    const c = new URL((await calls).url());
    expect(c.searchParams.get("from")).toBe("2026-07-01T00:00:00+05:00");
    expect(c.searchParams.get("to")).toBe("2026-07-02T23:59:59+05:00");
  });

  it("takes today and this month from the zone's calendar", async () => {
    await page.goto(`${env.url}/reconciliation`);
    await page.waitForSelector("#r-to");
    expect(await page.inputValue("#r-to")).toBe(dayIn(new Date(), ZONE));
    await page.goto(`${env.url}/calls`);
    await page.waitForSelector("#c-period");
    expect(await page.inputValue("#c-period")).toBe(monthIn(new Date(), ZONE));
  });
});
