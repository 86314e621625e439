import { makeCompany, type TestCompany } from "@lk/core/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { axe, newPage, OPERATOR_KEY, type PortalEnv, shoot, signIn, startPortalEnv } from "./env";

// Sign-in and access: the temporary-password flow, an admin inviting a colleague restricted to one
// group, and a viewer who finds no write actions. axe on every screen visited.

describeBrowser("portal: sign-in and access", () => {
  let env: PortalEnv;
  let co: TestCompany;
  const violations: string[] = [];
  beforeAll(async () => {
    env = await startPortalEnv();
    co = await makeCompany(env.conn);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  it("first sign-in with a temporary password → forced change → dashboard", async () => {
    // The operator issues a temporary password, as after approving an application.
    const res = await env.app.request(`/v1/operator/users/${co.admin.login}/reset-password`, {
      method: "POST",
      headers: { "x-operator-key": OPERATOR_KEY },
    });
    expect(res.status).toBe(200);
    const { temporary_password } = (await res.json()) as { temporary_password: string };
    const { page, errors } = await newPage(env);
    await signIn(page, env, co.admin.login, temporary_password);
    await page.waitForSelector("lk-password-change h1");
    violations.push(...(await axe(page, "forced-change")));
    await shoot(page, "forced-password-change");
    // Validates as you type with the API's rules.
    await page.fill("#cur-pw", temporary_password);
    await page.fill("#new-pw", "short");
    await expect.poll(() => page.textContent("#new-pw-err")).toContain("10");
    await page.fill("#new-pw", "Brand-New-Secret-2026");
    await page.fill("#new-pw2", "Brand-New-Secret-2026");
    await page.click("lk-password-change button[type=submit]");
    await page.waitForSelector("lk-dashboard #h-balance");
    violations.push(...(await axe(page, "dashboard")));
    await shoot(page, "dashboard");
    // Reload keeps the session (refresh cookie), and the new password works.
    await page.reload();
    await page.waitForSelector("lk-dashboard #h-balance");
    expect(errors).toEqual([]);
    co.admin.password = "Brand-New-Secret-2026";
    await page.close();
  }, 60_000);

  it("an admin invites a user restricted to one group, who sees only that group", async () => {
    const { page, errors } = await newPage(env);
    await signIn(page, env, co.admin.login, co.admin.password);
    await page.waitForSelector("lk-dashboard");
    await page.click("nav#nav a[href='/admin/users']");
    await page.waitForSelector("lk-users #h-invite");
    violations.push(...(await axe(page, "users")));
    await shoot(page, "users");
    await page.fill("#u-name", "Пётр Ограниченный");
    await page.fill("#u-email", "bad-email");
    await expect.poll(() => page.textContent("#u-email-err")).not.toBe("");
    await page.fill("#u-email", `petr-${Date.now()}@example.test`);
    await page.selectOption("#u-role", "accountant");
    const moscow = co.groups.find((g) => g.name === "Москва")!;
    await page.check(`#h-invite ~ form input[name=group_ids][value='${moscow.id}']`);
    await page.click("#h-invite ~ form button[type=submit]");
    await page.waitForSelector("[data-testid=new-password]");
    const login = (await page.textContent("[data-testid=new-login]"))!.trim();
    const temp = (await page.textContent("[data-testid=new-password]"))!.trim();
    await page.click("button:has-text('Выйти'):not(:has-text('везде'))");
    await page.waitForSelector("#login");

    await signIn(page, env, login, temp);
    await page.waitForSelector("#cur-pw");
    await page.fill("#cur-pw", temp);
    await page.fill("#new-pw", "Petr-Own-Password-1");
    await page.fill("#new-pw2", "Petr-Own-Password-1");
    await page.click("lk-password-change button[type=submit]");
    await page.waitForSelector("lk-dashboard");
    await page.goto(`${env.url}/accounts`);
    await page.waitForSelector("lk-accounts tbody tr");
    const numbers = await page.$$eval("lk-accounts tbody tr td a", (as) =>
      as.map((a) => a.textContent?.trim()),
    );
    const expected = co.accounts.filter((a) => a.groupId === moscow.id).map((a) => a.number);
    expect(numbers.sort()).toEqual(expected.sort());
    violations.push(...(await axe(page, "accounts")));
    await shoot(page, "accounts");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("the sign-in and administration screens pass axe", async () => {
    const { page, errors } = await newPage(env);
    await page.goto(`${env.url}/`);
    await page.waitForSelector("#login");
    violations.push(...(await axe(page, "sign-in")));
    await signIn(page, env, co.admin.login, co.admin.password);
    await page.waitForSelector("lk-dashboard");
    for (const path of [
      "/admin/api-keys",
      "/admin/webhooks",
      "/admin/audit",
      "/payments",
      "/orders",
      "/support",
    ]) {
      await page.goto(`${env.url}${path}`);
      await page.waitForSelector("main h1");
      await page.waitForLoadState("networkidle");
      violations.push(...(await axe(page, path)));
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("a viewer finds no write actions", async () => {
    const { page, errors } = await newPage(env);
    await signIn(page, env, co.viewer.login, co.viewer.password);
    await page.waitForSelector("lk-dashboard #h-balance");
    const nav = await page.$$eval("nav#nav a", (as) => as.map((a) => a.getAttribute("href")));
    expect(nav).not.toContain("/pay");
    expect(nav).not.toContain("/bank-invoice");
    expect(nav.some((h) => h?.startsWith("/admin"))).toBe(false);
    for (const path of [
      "/",
      "/accounts",
      `/accounts/${co.accounts[0]!.id}`,
      "/transfers",
      "/services",
      "/support",
      "/autopay",
    ]) {
      await page.goto(`${env.url}${path}`);
      await page.waitForSelector("main h1");
      await page.waitForLoadState("networkidle");
      const writes = await page.$$eval(
        "main a[href^='/pay'], main a[href^='/bank-invoice'], main input[type=checkbox], main form button[type=submit]",
        (els) => els.map((e) => e.outerHTML.slice(0, 80)),
      );
      expect(writes, path).toEqual([]);
    }
    await page.goto(`${env.url}/pay`);
    await expect.poll(() => page.textContent("main h1")).toMatch(/не найдена|not found/i);
    violations.push(...(await axe(page, "viewer-not-found")));
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("axe: no serious or critical violations on the screens visited", () => {
    expect(violations).toEqual([]);
  });
});
