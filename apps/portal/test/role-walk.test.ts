import { roleMay } from "@lk/contracts/permissions";
import { DEMO_USERS, seedDemo } from "@lk/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { signIn as apiSignIn, call } from "../../api/test/helpers";
import { newPage, type PortalEnv, signIn, startPortalEnv } from "./env";
import { concrete, go, portalRoutes, trackRequests } from "./screens";

// Each screen shows only what the signed-in role may do: for every role (and an accountant
// restricted to one group), every screen the role can open, every button on it pressed and every
// form submitted — and no answer of the API is 403. Confirmation dialogs are dismissed, so nothing
// destructive runs; a form the browser's own checks stop sends nothing, which is fine: it could not
// have led to a 403 either.

const RESTRICTED = { login: "demo-buh-spb", password: "Restricted-Buh-2026" };

describeBrowser("portal: no control leads to a 403, for any role", () => {
  let env: PortalEnv;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await startPortalEnv();
    await seedDemo(env.conn, { scryptN: 1024, now: new Date() });
    const admin = DEMO_USERS.find((u) => u.role === "admin")!;
    const token = await apiSignIn(env.app, admin.login, admin.password);
    const auth = { token, lang: "ru" as const };
    const groups = (await call(env.app, "GET", "/v1/groups", undefined, auth)).body.data;
    const spb = groups.find((g: { name: string }) => g.name === "Санкт-Петербург");
    const accounts = await call(env.app, "GET", `/v1/accounts?group_id=${spb.id}&limit=1`, undefined, auth);
    const account = accounts.body.data[0];
    ids.accounts = account.id;
    const pay = await call(
      env.app,
      "POST",
      "/v1/payments",
      { items: [{ account_id: account.id, amount: 50000 }], method: "card" },
      { ...auth, headers: { "idempotency-key": "role-walk-payment" } },
    );
    ids.payments = pay.body.id;
    const svc = await call(env.app, "GET", `/v1/services?account_id=${account.id}&limit=1`, undefined, auth);
    const order = await call(
      env.app,
      "POST",
      "/v1/orders",
      { kind: "suspend", account_id: account.id, service_id: svc.body.data[0]?.id },
      { ...auth, headers: { "idempotency-key": "role-walk-order" } },
    );
    ids.orders = order.body.id;
    const support = await call(
      env.app,
      "POST",
      "/v1/support/requests",
      { subject: "Вопрос по счёту", text: "Проверьте начисления", account_id: account.id },
      auth,
    );
    ids.support = support.body.id;
    // An accountant who sees only the Saint Petersburg group.
    const invited = await call(
      env.app,
      "POST",
      "/v1/users",
      {
        full_name: "Бухгалтер Филиала",
        email: "spb@romashka.example",
        role: "accountant",
        login: RESTRICTED.login,
        group_ids: [spb.id],
      },
      auth,
    );
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const temp = await apiSignIn(env.app, RESTRICTED.login, invited.body.temporary_password);
    const changed = await call(
      env.app,
      "POST",
      "/v1/auth/password",
      { current_password: invited.body.temporary_password, new_password: RESTRICTED.password },
      { token: temp },
    );
    expect(changed.status, JSON.stringify(changed.body)).toBeLessThan(300);
  }, 180_000);
  afterAll(async () => {
    await env?.close();
  });

  // The admin last: its walk presses «Выдать временный пароль» and «Заблокировать» on the others.
  const demo = (role: string) => DEMO_USERS.find((u) => u.role === role)!;
  const people = [
    ...["viewer", "accountant"].map((r) => ({ who: r, ...demo(r) })),
    { who: "accountant of one group", role: "accountant" as const, ...RESTRICTED },
    { who: "admin", ...demo("admin") },
  ];
  for (const p of people) {
    it(`as the ${p.who}: every control on every screen, no 403`, async () => {
      const { page, errors } = await newPage(env);
      const net = trackRequests(page);
      const forbidden: string[] = [];
      let where = "";
      page.on("response", (r) => {
        if (r.status() === 403 && new URL(r.url()).pathname.startsWith("/v1/"))
          forbidden.push(`${where}: ${r.request().method()} ${new URL(r.url()).pathname}`);
      });
      page.on("dialog", (d) => void d.dismiss());
      await signIn(page, env, p.login, p.password);
      await page.waitForSelector("lk-dashboard");
      const only = process.env.LK_SCREENS?.split(",");
      const routes = portalRoutes().filter(
        (r) => (!r.needs || roleMay(p.role, r.needs)) && (!only || only.includes(r.path)),
      );
      for (const r of routes) {
        const path = concrete(r.path, ids);
        where = r.path;
        await go(page, path);
        await net.idle();
        const controls = "main button:visible";
        const n = Math.min(await page.locator(controls).count(), 20);
        for (let i = 0; i < n; i++) {
          // A control may have navigated away, or re-rendered the screen: come back and go on.
          if (new URL(page.url()).pathname !== path.split("?")[0]) {
            await go(page, path);
            await net.idle();
          }
          const b = page.locator(controls).nth(i);
          if (!(await b.count()) || !(await b.isEnabled().catch(() => false))) continue;
          // A payment would leave for the acquirer's page; the payment journeys cover it.
          if (r.path === "/pay" && (await b.getAttribute("type")) === "submit") continue;
          await b.click({ timeout: 3000 }).catch(() => {});
          await net.idle().catch(() => {});
        }
      }
      expect(forbidden).toEqual([]);
      expect(errors.filter((e) => !/status of 40\d/.test(e))).toEqual([]);
      await page.close();
    }, 600_000);
  }
});
