import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { roleMay } from "@lk/contracts/permissions";
import { DEMO_USERS, defaultCoreConfig, seedDemo } from "@lk/core";
import { rows } from "@lk/db";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { signIn as apiSignIn, call } from "../../api/test/helpers";
import { ARTIFACTS, axe, newPage, type PortalEnv, signIn, startPortalEnv } from "./env";
import {
  concrete,
  go,
  overflowDefects,
  portalRoutes,
  screenText,
  textDefects,
  trackRequests,
} from "./screens";

// Every screen of the portal, as the demo accountant and the demo admin see it, in Russian and in
// English (switched with the header's button, as a person does), at 1280 and 360 px: no ISO dates,
// UUIDs or codes, no English on a Russian screen and no Russian on an English one, axe clean, and
// nothing wider than the phone. The routes come from the shell's table, so a new screen is checked
// without editing this file. Screenshots: artifacts/portal/screens/<lang>-<width>-<route>.png.

const SCREENS = join(ARTIFACTS, "screens");

describeBrowser("portal: every screen in both languages and widths", () => {
  let env: PortalEnv;
  const ids: Record<string, string> = {};
  let data: string[] = [];

  beforeAll(async () => {
    env = await startPortalEnv();
    mkdirSync(SCREENS, { recursive: true });
    await seedDemo(env.conn, { scryptN: 1024, now: new Date() });
    const admin = DEMO_USERS.find((u) => u.role === "admin")!;
    const token = await apiSignIn(env.app, admin.login, admin.password);
    const auth = { token, lang: "ru" as const };
    const accounts = await call(env.app, "GET", "/v1/accounts?limit=5", undefined, auth);
    const account = accounts.body.data[0];
    ids.accounts = account.id;
    const svc = await call(env.app, "GET", `/v1/services?account_id=${account.id}&limit=1`, undefined, auth);
    // Something behind each screen that shows one record: a payment, an order, a support thread.
    const pay = await call(
      env.app,
      "POST",
      "/v1/payments",
      { items: [{ account_id: account.id, amount: 125050 }], method: "card" },
      { ...auth, headers: { "idempotency-key": "every-screen-payment" } },
    );
    expect(pay.status, JSON.stringify(pay.body)).toBeLessThan(300);
    ids.payments = pay.body.id;
    const order = await call(
      env.app,
      "POST",
      "/v1/orders",
      {
        kind: "suspend",
        account_id: account.id,
        service_id: svc.body.data[0]?.id,
        comment: "Склад закрыт на инвентаризацию",
      },
      { ...auth, headers: { "idempotency-key": "every-screen-order" } },
    );
    expect(order.status, JSON.stringify(order.body)).toBeLessThan(300);
    ids.orders = order.body.id;
    const support = await call(
      env.app,
      "POST",
      "/v1/support/requests",
      { subject: "Не приходит счёт", text: "Где счёт за прошлый месяц?", account_id: account.id },
      auth,
    );
    expect(support.status, JSON.stringify(support.body)).toBeLessThan(300);
    ids.support = support.body.id;
    // What the company and the operator named: shown as typed in either language.
    const named = await rows<{ v: string }>(
      env.conn.db,
      sql`SELECT name AS v FROM companies UNION SELECT contract_number FROM companies UNION SELECT name FROM account_groups
          UNION SELECT cost_center FROM account_groups WHERE cost_center IS NOT NULL
          UNION SELECT address FROM accounts WHERE address IS NOT NULL
          UNION SELECT contract_number FROM accounts WHERE contract_number IS NOT NULL
          UNION SELECT full_name FROM users UNION SELECT login FROM users
          UNION SELECT name FROM tariffs UNION SELECT identifier FROM services
          UNION SELECT subject FROM support_requests`,
    );
    data = [
      ...named.map((r) => r.v),
      defaultCoreConfig.operator.name,
      "Склад закрыт на инвентаризацию",
      "Где счёт за прошлый месяц?",
      // The language switch names the other language in itself.
      "English",
      "Русский",
    ];
  }, 180_000);
  afterAll(async () => {
    await env?.close();
  });

  for (const role of ["accountant", "admin"] as const) {
    it(`as the demo ${role}: every screen, ru and en, 1280 and 360 px`, async () => {
      const user = DEMO_USERS.find((u) => u.role === role)!;
      const { page, errors } = await newPage(env);
      const net = trackRequests(page);
      await signIn(page, env, user.login, user.password);
      await page.waitForSelector("lk-dashboard");
      const defects: string[] = [];
      // LK_SCREENS=/calls,/pay narrows the walk while fixing a screen; CI walks them all.
      const only = process.env.LK_SCREENS?.split(",");
      const routes = portalRoutes().filter(
        (r) => (!r.needs || roleMay(role, r.needs)) && (!only || only.includes(r.path)),
      );
      for (const lang of ["ru", "en"] as const) {
        await switchLanguage(page, lang);
        for (const r of routes) {
          const path = concrete(r.path, ids);
          const name = `${lang}-%w-${role}-${r.path.replace(/[/:]+/g, "-").replace(/^-|-$/g, "") || "overview"}`;
          await page.setViewportSize({ width: 1280, height: 900 });
          await go(page, path);
          await net.idle();
          const where = `${role} ${lang} ${r.path}`;
          for (const d of textDefects(await screenText(page), lang, data)) defects.push(`${where}: ${d}`);
          // axe once per screen: its rules read structure and contrast, not the language.
          if (lang === "ru") defects.push(...(await axe(page, where)));
          await page.screenshot({ path: join(SCREENS, `${name.replace("%w", "1280")}.png`), fullPage: true });
          await page.setViewportSize({ width: 360, height: 780 });
          await page.waitForTimeout(50);
          for (const d of await overflowDefects(page)) defects.push(`${where} @360: ${d}`);
          await page.screenshot({ path: join(SCREENS, `${name.replace("%w", "360")}.png`), fullPage: true });
        }
      }
      writeFileSync(join(SCREENS, `defects-${role}.txt`), defects.join("\n"));
      // One line per screen and kind in the failure (the whole list is in the file above).
      const seen = new Set<string>();
      expect(
        defects.filter((d) => {
          const key = d.split("«")[0]!;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        }),
      ).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }, 600_000);
  }
});

/** The header's language button, as a person switches. */
async function switchLanguage(page: Page, lang: "ru" | "en") {
  const now = await page.evaluate(() => document.documentElement.lang);
  if (now === lang) return;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.click(`header.topbar button[lang=${lang}]`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}
