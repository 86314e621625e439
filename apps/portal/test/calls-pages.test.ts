import { makeCompany, type TestCompany } from "@lk/core/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addPhoneLines } from "../../../packages/core/test/calls-fixtures";
import { describeBrowser } from "../../../test/browser";
import { newPage, OPERATOR_KEY, type PortalEnv, signIn, startPortalEnv } from "./env";

// /calls with more than a page of calls: the next page asks for the next keyset page only — the
// month's totals and charts are the same and are not counted again — and the pickers' lists are
// asked after the calls themselves (docs/portal.md "Budgets").

describeBrowser("portal: call pages", () => {
  let env: PortalEnv;
  let co: TestCompany;
  let page: Page;
  beforeAll(async () => {
    env = await startPortalEnv();
    co = await makeCompany(env.conn);
    const lines = await addPhoneLines(env.conn, co);
    // 120 calls on 15 November 2026, a minute apart, from 10:00 Moscow time.
    const rows = Array.from({ length: 120 }, (_, i) => {
      const at = new Date(Date.UTC(2026, 10, 15, 7, i)).toISOString();
      return `p${i};${at};61;outgoing;${lines[i % lines.length]!.number};+74957654321`;
    });
    const res = await env.app.request("/v1/operator/calls/import", {
      method: "POST",
      headers: { "x-operator-key": OPERATOR_KEY, "content-type": "text/csv" },
      body: ["record_id;started_at;duration_sec;direction;caller;callee", ...rows].join("\n"),
    });
    expect(res.status).toBe(200);
    ({ page } = await newPage(env));
    await signIn(page, env, co.accountant.login, co.accountant.password);
    await page.waitForSelector("lk-dashboard #h-balance");
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  const bearer = async () => {
    const r = await env.app.request("/v1/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: co.viewer.login, password: co.viewer.password }),
    });
    return ((await r.json()) as { access_token: string }).access_token;
  };

  it("pages by keyset, asking only for the rows; totals and charts stay", async () => {
    const asked: string[] = [];
    page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith("/v1/")) asked.push(u.pathname);
    });
    await page.goto(`${env.url}/calls?period=2026-11`);
    await page.waitForSelector("lk-calls tbody tr");
    expect(await page.textContent("[data-testid=calls-count]")).toBe("120");
    const first = await page.locator("lk-calls tbody tr td").first().textContent();
    expect(first).toBe("15.11.2026, 10:00");
    // What a person reads is asked before the pickers' lists.
    const pickers = asked.indexOf("/v1/accounts");
    expect(pickers).toBeGreaterThan(asked.lastIndexOf("/v1/calls/stats"));
    // The totals, summed from the per-type statistics, are what /v1/calls/summary says.
    expect(asked).not.toContain("/v1/calls/summary");
    const totals = await page.locator("lk-calls section[aria-labelledby=h-tot] dd").allTextContents();
    const sum = (await (
      await env.app.request("/v1/calls/summary?period=2026-11", {
        headers: { authorization: `Bearer ${await bearer()}` },
      })
    ).json()) as { count: number; minutes: number; cost_amount: number };
    expect(totals[0]).toBe(String(sum.count));
    expect(totals[1]).toBe(String(sum.minutes).replace(".", ","));
    expect(totals[2]?.replace(/\s/g, "")).toBe(`${(sum.cost_amount / 100).toFixed(2).replace(".", ",")}₽`);
    await expect.poll(() => page.locator("#c-acc option").count()).toBeGreaterThan(1);

    asked.length = 0;
    await page.click("lk-calls nav.pager button:nth-child(2)");
    await expect
      .poll(() => page.locator("lk-calls tbody tr td").first().textContent())
      .toBe("15.11.2026, 10:50");
    expect(asked).toEqual(["/v1/calls"]);
    expect(new URL(page.url()).searchParams.get("cursor")).toBeTruthy();
    expect(await page.textContent("[data-testid=calls-count]")).toBe("120");

    // Another filter counts again.
    asked.length = 0;
    await page.goto(`${env.url}/calls?period=2026-10`);
    await page.waitForSelector("lk-calls .empty");
    expect(asked).toEqual(expect.arrayContaining(["/v1/calls", "/v1/calls/stats"]));
  });
});
