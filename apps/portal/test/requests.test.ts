import { randomUUID } from "node:crypto";
import { makeCompany, randomInn, type TestCompany } from "@lk/core/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { signIn as apiSignIn, call } from "../../api/test/helpers";
import { payOnPage } from "../../api/test/payments-env";
import { axe, newPage, OPERATOR_KEY, type PortalEnv, shoot, signIn, startPortalEnv } from "./env";

// What a company asks of the operator, as a person does it in the portal: applying to join (form,
// documents with a progress bar, status page, the login by e-mail and the password by SMS read in
// the demo's test mailbox, the forced change); removing a saved card; asking to switch an account
// between advance and credit payment. On the real API (started as the demo) and the sandbox acquirer.

const operator = { headers: { "x-operator-key": OPERATOR_KEY } };
/** Russian words on the screen, leaving out the switch to Russian itself (marked lang="ru"). */
const noCyrillic = (page: Page) =>
  page.$eval("main", (m) => {
    const copy = m.cloneNode(true) as HTMLElement;
    for (const el of copy.querySelectorAll("[lang=ru], input, textarea")) el.remove();
    return copy.textContent?.match(/[А-Яа-яЁё]+/g) ?? [];
  });

describeBrowser("portal: application, saved cards, payment-system request", () => {
  let env: PortalEnv;
  let co: TestCompany;
  const violations: string[] = [];
  beforeAll(async () => {
    env = await startPortalEnv({ demo: true });
    co = await makeCompany(env.conn, { accountsPerGroup: 1 });
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  it("apply → status page → login by e-mail, password by SMS (test mailbox) → forced change", async () => {
    const { page, errors } = await newPage(env);
    await page.goto(`${env.url}/`);
    await page.click("text=Подать заявку на подключение");
    await page.waitForSelector("lk-apply h1");
    violations.push(...(await axe(page, "apply")));
    await shoot(page, "apply");
    // English, with no Russian left on the empty form.
    await page.click("lk-apply .brand button");
    await expect.poll(() => page.textContent("lk-apply h1")).toBe("Apply to join");
    expect(await noCyrillic(page)).toEqual([]);
    await shoot(page, "apply-en");
    await page.click("lk-apply .brand button");

    // Checked as typed with the ФНС check digits: one digit off is refused and named.
    const inn = randomInn();
    await page.fill("#ap-inn", `${inn.slice(0, 9)}${(Number(inn[9]) + 1) % 10}`);
    await page.press("#ap-inn", "Tab");
    await expect.poll(() => page.textContent("#ap-inn-err")).toContain("контрольные цифры");
    await page.fill("#ap-inn", inn);
    await page.fill("#ap-ogrn", "304500116000157"); // a valid ОГРНИП, wrong for an organisation
    await page.press("#ap-ogrn", "Tab");
    await expect.poll(() => page.textContent("#ap-ogrn-err")).toContain("13 цифр");
    await page.fill("#ap-ogrn", "1027700132195");
    await page.fill("#ap-company_name", "ООО «Ромашка-Юг»");
    await page.fill("#ap-kpp", "773601001");
    await page.fill("#ap-legal_address", "г. Москва, ул. Лесная, д. 5");
    await page.fill("#ap-contact_name", "Петрова Анна Сергеевна");
    const contactEmail = `anna-${inn}@romashka.example`;
    await page.fill("#ap-contact_email", contactEmail);
    await page.fill("#ap-contact_phone", `+7 916 ${inn.slice(0, 3)}-${inn.slice(3, 5)}-${inn.slice(5, 7)}`);
    const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(3 * 1024 * 1024, 32)]);
    await page.setInputFiles("#ap-files", [
      { name: "устав.pdf", mimeType: "application/pdf", buffer: pdf },
      { name: "выписка.pdf", mimeType: "application/pdf", buffer: pdf },
    ]);
    await expect.poll(() => page.textContent("#ap-files-summary")).toMatch(/2 файла,\s+6(,0)?\sМБ/);
    // The progress bar is there while the documents go up.
    await page.evaluate(() => {
      const w = window as unknown as { sawProgress: number };
      w.sawProgress = -1;
      new MutationObserver(() => {
        const p = document.querySelector("#ap-progress") as HTMLProgressElement | null;
        if (p) w.sawProgress = Math.max(w.sawProgress, p.value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.click("lk-apply form button[type=submit]");
    await page.waitForSelector("#ap-status-link");
    expect(
      await page.evaluate(() => (window as unknown as { sawProgress: number }).sawProgress),
    ).toBeGreaterThanOrEqual(0);
    const heading = (await page.textContent("lk-apply h1"))!;
    const number = Number(heading.match(/№ (\d+)/)![1]);
    await shoot(page, "apply-done");

    await page.click("#ap-status-link");
    await page.waitForSelector("#as-result");
    expect(await page.textContent("#as-result")).toContain("на проверке");
    expect(await page.textContent("#as-result")).toContain("устав.pdf");
    violations.push(...(await axe(page, "apply-status")));
    await shoot(page, "apply-status");

    // The operator approves (back office); the applicant looks it up by number and e-mail.
    const pending = await call(
      env.app,
      "GET",
      "/v1/operator/applications?status=pending",
      undefined,
      operator,
    );
    const app = pending.body.data.find((a: { number: number }) => a.number === number);
    expect(
      (await call(env.app, "POST", `/v1/operator/applications/${app.id}/approve`, undefined, operator))
        .status,
    ).toBe(200);
    await page.goto(`${env.url}/apply/status`);
    await page.fill("#as-number", String(number));
    await page.fill("#as-email", contactEmail);
    await page.click("lk-apply-status form button[type=submit]");
    await expect.poll(() => page.textContent("#as-result")).toContain("одобрена");

    // The test mailbox: the login came by e-mail, the temporary password by SMS.
    await page.goto(`${env.url}/`);
    await page.click("text=Тестовая почта демо");
    await page.waitForSelector("lk-mailbox .mail-list li");
    violations.push(...(await axe(page, "mailbox")));
    await shoot(page, "mailbox");
    const items = await page.$$eval("lk-mailbox .mail-list li", (lis) =>
      lis.map((li) => (li as HTMLElement).innerText),
    );
    const mail = items.find((t) => t.includes("Ваш логин:"))!;
    const sms = items.find((t) => t.includes("временный пароль"))!;
    const login = mail.match(/Ваш логин: (\S+)/)![1]!;
    const temp = sms.match(/временный пароль (\S+)/)![1]!;
    expect(mail).not.toContain(temp);
    expect(sms).not.toContain(login);
    expect(items.join("\n")).not.toMatch(/\d{4}-\d{2}-\d{2}T/);

    await signIn(page, env, login, temp);
    await page.waitForSelector("lk-password-change h1");
    await page.fill("#cur-pw", temp);
    await page.fill("#new-pw", "Romashka-Own-Pass-1");
    await page.fill("#new-pw2", "Romashka-Own-Pass-1");
    await page.click("lk-password-change button[type=submit]");
    await page.waitForSelector("lk-app main h1");
    // The demo's footer links the mailbox inside the cabinet too.
    expect(await page.getAttribute("footer.footer a", "href")).toBe("/mailbox");
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000); // two 3 MB uploads and four screens; ~25 s on an idle machine, far more under load

  it("a saved card is listed as «•••• 4242» and removed after a confirmation; its autopay stops", async () => {
    const token = await apiSignIn(env.app, co.accountant.login, co.accountant.password);
    const pay = await call(
      env.app,
      "POST",
      "/v1/payments",
      { items: [{ account_id: co.accounts[0]!.id, amount: 100_00 }], method: "card", save_card: true },
      { token, headers: { "idempotency-key": `save-card-${randomUUID()}` } },
    );
    expect(pay.status).toBe(201);
    await payOnPage(pay.body.confirmation_url, "4242424242424242");
    await env.sandbox.app.sandbox.notificationsIdle();
    const cards = await call(env.app, "GET", "/v1/saved-cards", undefined, { token });
    const rule = await call(
      env.app,
      "POST",
      "/v1/autopay-rules",
      {
        account_id: co.accounts[0]!.id,
        kind: "threshold",
        threshold: 500_00,
        amount: 1000_00,
        saved_card_id: cards.body.data[0].id,
        monthly_limit: 5000_00,
      },
      { token },
    );
    expect(rule.status).toBe(201);

    const { page, errors } = await newPage(env);
    await signIn(page, env, co.accountant.login, co.accountant.password);
    await page.waitForSelector("lk-dashboard");
    await page.goto(`${env.url}/autopay`);
    await page.waitForSelector("[data-testid=saved-card]");
    const card = (await page.textContent("[data-testid=saved-card]"))!;
    expect(card).toContain("•••• 4242");
    expect(card).toContain("1 автоплатёж");
    await page.click("[data-testid=saved-card] button:has-text('Удалить')");
    await page.waitForSelector(".confirm");
    expect(await page.textContent(".confirm")).toContain("Автоплатежи по ней будут выключены (1)");
    violations.push(...(await axe(page, "autopay-confirm")));
    await shoot(page, "saved-card-confirm");
    await page.click(".confirm button:has-text('Да, удалить')");
    await expect.poll(() => page.textContent("lk-autopay .status")).toContain("выключено: 1 автоплатёж");
    await expect.poll(() => page.$$("[data-testid=saved-card]").then((x) => x.length)).toBe(0);
    await expect.poll(() => page.textContent("lk-autopay table")).toContain("карта удалена");
    await shoot(page, "saved-card-removed");
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("an accountant asks to switch an account to credit payment and follows it in «Заявки»", async () => {
    const { page, errors } = await newPage(env);
    await signIn(page, env, co.accountant.login, co.accountant.password);
    await page.waitForSelector("lk-dashboard");
    await page.goto(`${env.url}/orders`);
    await page.click("a[href='/orders/billing']");
    await page.waitForSelector("lk-billing-switch #bs-acc option:nth-child(2)", { state: "attached" });
    const acc = co.accounts[1]!;
    await page.selectOption("#bs-acc", acc.id);
    await expect.poll(() => page.textContent("#bs-change")).toMatch(/авансовая.*кредитная/s);
    await page.fill("#bs-comment", "Просим перевести с 1-го числа");
    violations.push(...(await axe(page, "billing-switch")));
    await shoot(page, "billing-switch");
    await page.click("lk-billing-switch form button[type=submit]");
    await expect.poll(() => page.textContent("lk-order h1")).toContain("Смена системы расчётов");
    expect(await page.textContent("lk-order")).toContain("кредитная");
    const id = page.url().split("/").pop()!;
    for (const status of ["in_progress", "done"])
      await call(env.app, "POST", `/v1/operator/orders/${id}/transition`, { status }, operator);
    await page.reload();
    await expect.poll(() => page.textContent("lk-order")).toContain("выполнена");
    await page.goto(`${env.url}/orders?kind=change_billing`);
    await page.waitForSelector("lk-orders tbody tr");
    expect(await page.textContent("lk-orders tbody")).toContain("кредитная");
    await shoot(page, "orders-billing");
    // English: the same screens without Russian.
    await page.click("header.topbar button:has-text('English')");
    await page.goto(`${env.url}/orders/billing`);
    await page.waitForSelector("lk-billing-switch #bs-acc option:nth-child(2)", { state: "attached" });
    expect(await noCyrillic(page)).toEqual([]);
    await shoot(page, "billing-switch-en");
    await page.click("header.topbar button:has-text('Русский')");
    expect(errors).toEqual([]);
    await page.close();

    // A viewer is not offered the request.
    const v = await newPage(env);
    await signIn(v.page, env, co.viewer.login, co.viewer.password);
    await v.page.waitForSelector("lk-dashboard");
    await v.page.goto(`${env.url}/orders`);
    await v.page.waitForSelector("lk-orders h1");
    await v.page.waitForLoadState("networkidle");
    expect(await v.page.$$("a[href='/orders/billing']")).toHaveLength(0);
    await v.page.close();
  }, 90_000);

  it("axe: no serious or critical violations on the screens visited", () => {
    expect(violations).toEqual([]);
  });
});
