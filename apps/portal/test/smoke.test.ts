import { makeCompany } from "@lk/core/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { axe, newPage, type PortalEnv, shoot, signIn, startPortalEnv } from "./env";

describeBrowser("portal smoke", () => {
  let env: PortalEnv;
  beforeAll(async () => {
    env = await startPortalEnv();
  }, 120_000);
  afterAll(() => env?.close());

  it("signs in and shows the dashboard", async () => {
    const co = await makeCompany(env.conn);
    const { page, errors } = await newPage(env);
    await signIn(page, env, co.accountant.login, co.accountant.password);
    await page.waitForSelector("lk-dashboard h1");
    await page.waitForSelector("#h-spend");
    await page.waitForTimeout(800);
    await shoot(page, "dashboard");
    console.log(await axe(page, "dashboard"));
    console.log(errors);
    expect(errors).toEqual([]);
  }, 60_000);
});
