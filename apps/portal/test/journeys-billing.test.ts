import { readFileSync } from "node:fs";
import { DEMO_USERS, localDate, localMidnight, localMonth, seedDemo } from "@lk/core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser } from "../../../test/browser";
import { signIn as apiSignIn, call, operator } from "../../api/test/helpers";
import { pdfText, qrCodesOf } from "../../api/test/pdf-qr";
import {
  axe,
  newPage,
  OPERATOR_KEY,
  type PortalEnv,
  payInAcquirerFrame,
  shoot,
  signIn,
  startPortalEnv,
} from "./env";

// The help article's billing actions as the demo accountant does them in the browser, on the real API
// and the sandbox acquirer, checked by what is on screen (Russian, «1 250,50 ₽», Moscow time):
// a. pay an invoice found by its number — paid at once;
// b. order a service on an account, then disconnect it — order statuses in words, and a cancel the
//    operator overtook refused in words;
// c. the bank-transfer invoice (screen, PDF text, its payment QR) and the акт сверки for a period;
// d. call details of an account: filters, totals and charts, the list and the CSV in Moscow time.

const TZ = "Europe/Moscow";
const text = async (page: Page, sel: string) => (await page.textContent(sel))?.replace(/\s+/g, " ").trim();
/** Kopecks as the portal writes them: «1 250,50 ₽», a debt with the minus sign «−». */
const rub = (k: number) =>
  `${new Intl.NumberFormat("ru-RU", { minimumFractionDigits: 2 }).format(k / 100)} ₽`
    .replace(/\s/g, " ")
    .replace("-", "\u2212");
/** A Moscow wall-clock time as an instant (Moscow has kept +03:00 since 2014). */
const msk = (day: string, hm: string) => new Date(`${day}T${hm}:00+03:00`);
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
/** This month and the one before it, by the Moscow calendar (`YYYY-MM`). */
const months = () => {
  const thisMonth = localMonth(new Date(), TZ);
  const [y, m] = thisMonth.split("-").map(Number);
  return { thisMonth, lastMonth: localMonth(localMidnight(y!, m! - 1, 1, TZ), TZ) };
};

describeBrowser("portal: billing journeys of the help article", () => {
  let env: PortalEnv;
  let page: Page;
  let errors: string[];
  let token: string;
  const violations: string[] = [];
  const api = <T = any>(method: string, path: string, body?: unknown) =>
    call<T>(env.app, method, path, body, { token });
  const op = (method: string, path: string, body?: unknown) => call(env.app, method, path, body, operator);

  beforeAll(async () => {
    env = await startPortalEnv();
    await seedDemo(env.conn, { scryptN: 1024, now: new Date() });
    const buh = DEMO_USERS.find((u) => u.role === "accountant")!;
    token = await apiSignIn(env.app, buh.login, buh.password);
    ({ page, errors } = await newPage(env));
    await signIn(page, env, buh.login, buh.password);
    await page.waitForSelector("lk-dashboard");
  }, 180_000);
  afterAll(async () => {
    await env?.close();
  });

  it("a. pays an invoice found by its number, and sees it paid at once", async () => {
    const unpaid = (await api("GET", "/v1/invoices?status=issued&limit=100")).body.data as {
      id: string;
      number: string;
      account_number: string;
      amount_due: number;
      period: string;
    }[];
    expect(unpaid.length).toBeGreaterThan(1);
    const inv = unpaid.at(-1)!;

    await page.click("nav a[href='/pay']");
    await page.click("lk-pay-screen nav.tabs a[href='/pay?by=invoices']");
    await page.waitForSelector("lk-pay-screen tbody tr");
    expect(await page.locator("lk-pay-screen tbody tr").count()).toBeGreaterThan(1);
    // The number as it is printed on the invoice, «№» and all.
    await page.fill("#pay-q", `№ ${inv.number}`);
    await page.press("#pay-q", "Enter");
    await expect.poll(() => page.locator("lk-pay-screen tbody tr").count()).toBe(1);
    const row = await text(page, "lk-pay-screen tbody tr");
    expect(row).toContain(`№ ${inv.number}`);
    expect(row).toContain(inv.account_number);
    expect(row).toContain(rub(inv.amount_due));
    await page.check(`lk-pay-screen input[type=checkbox][data-number='№ ${inv.number}']`);
    expect(await text(page, "[data-testid=pay-total]")).toBe(rub(inv.amount_due));
    expect(await text(page, "lk-pay-screen form p:has([data-testid=pay-total])")).toContain("(1 позиция)");
    violations.push(...(await axe(page, "pay by invoice number")));
    await page.click("lk-pay-screen form button[type=submit]");
    await payInAcquirerFrame(page);
    await expect
      .poll(() => text(page, "lk-pay-screen .status"), { timeout: 20_000 })
      .toBe(`Оплачено ${rub(inv.amount_due)}`);
    expect(await text(page, "#pay-step li")).toBe(
      `${inv.account_number} (№ ${inv.number}): ${rub(inv.amount_due)}`,
    );

    // Paid at once: no longer among the unpaid, and «оплачен» in the invoices.
    await page.goto(`${env.url}/pay?by=invoices&q=${encodeURIComponent(inv.number)}`);
    await expect.poll(() => text(page, "lk-pay-screen .empty")).toBeTruthy();
    expect(await page.locator("lk-pay-screen tbody tr").count()).toBe(0);
    await page.goto(`${env.url}/documents?status=paid`);
    await page.waitForSelector(`lk-documents tbody tr:has-text('${inv.number}')`);
    const paidRow = await text(page, `lk-documents tbody tr:has-text('${inv.number}')`);
    expect(paidRow).toContain("оплачен");
    expect(paidRow).toContain(inv.account_number);
    await shoot(page, "billing-invoice-paid");
  }, 90_000);

  it("b. orders a service on an account, then disconnects it; order statuses are words", async () => {
    const acc = (await api("GET", "/v1/accounts?limit=1&sort=number")).body.data[0] as {
      id: string;
      number: string;
    };
    const tariff = (
      (await api("GET", "/v1/tariffs?limit=200")).body.data as {
        id: string;
        kind: string;
        name: string;
        active: boolean;
        monthly_fee_amount: number;
      }[]
    ).find((t) => t.active && t.kind === "internet")!;
    const orderId = () => new URL(page.url()).pathname.split("/").pop()!;

    await page.click("nav a[href='/services']");
    await page.click("lk-services button:has-text('Подключить услугу')");
    await page.selectOption("#o-acc", acc.id);
    await page.selectOption("#o-kind", "connect");
    // Sent without a tariff: the tariff field says so, nothing is ordered.
    await page.click("lk-services form button[type=submit]");
    await expect.poll(() => text(page, "#o-tariff-err")).toBe("Выберите тариф");
    expect(await page.getAttribute("#o-tariff", "aria-invalid")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("o-tariff");
    await page.selectOption("#o-tariff", tariff.id);
    expect(await text(page, "#o-tariff-err")).toBe("");
    await page.fill("#o-comment", "Интернет в переговорную");
    await page.click("lk-services form button[type=submit]");
    await page.waitForURL(/\/orders\/[^/]+$/);
    await page.waitForSelector("lk-order section.card");
    expect(await text(page, "lk-order h1")).toBe(`Подключение · ${acc.number}`);
    expect(await text(page, "lk-order section.card p")).toBe("Статус: новая");
    const connectId = orderId();

    // The operator takes it and carries it out; the accountant follows it on the same page.
    expect(
      (await op("POST", `/v1/operator/orders/${connectId}/transition`, { status: "in_progress" })).status,
    ).toBe(200);
    const done = await op("POST", `/v1/operator/orders/${connectId}/transition`, {
      status: "done",
      identifier: "romashka-meet-1",
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    await page.reload();
    await page.waitForSelector("lk-order ol li:nth-child(3)");
    expect(await text(page, "lk-order section.card p")).toBe("Статус: выполнена");
    // Connected: the order now names the new service.
    expect(await text(page, "lk-order h1")).toBe(`Подключение romashka-meet-1 · ${acc.number}`);
    const steps = await page.locator("lk-order ol li").allTextContents();
    expect(steps.map((s) => s.replace(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d — /, ""))).toEqual([
      "новая (вы): Интернет в переговорную",
      "в работе (оператор)",
      "выполнена (оператор)",
    ]);
    expect(steps[0]).toMatch(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d — /);
    violations.push(...(await axe(page, "order")));

    // The new service is on the account; the accountant orders it disconnected.
    await page.goto(`${env.url}/services?account_id=${acc.id}`);
    const svcRow = "lk-services tbody tr:has-text('romashka-meet-1')";
    await page.waitForSelector(svcRow);
    expect(await text(page, svcRow)).toContain("работает");
    // The tariff with its monthly fee, as the order form offered it.
    expect(await text(page, svcRow)).toContain(`${tariff.name}, ${rub(tariff.monthly_fee_amount)}/мес.`);
    await page.click(`${svcRow} button:has-text('Изменить')`);
    await page.selectOption("#o-kind", "disconnect");
    await page.click("lk-services form button[type=submit]");
    await page.waitForURL((u) => u.pathname.startsWith("/orders/") && !u.pathname.endsWith(connectId));
    await page.waitForSelector("lk-order section.card");
    expect(await text(page, "lk-order h1")).toBe(`Отключение romashka-meet-1 · ${acc.number}`);
    expect(await text(page, "lk-order section.card p")).toBe("Статус: новая");
    const disconnectId = orderId();

    // Meanwhile the operator has taken it: the cancel is refused, and says so in words.
    expect(
      (await op("POST", `/v1/operator/orders/${disconnectId}/transition`, { status: "in_progress" })).status,
    ).toBe(200);
    await page.click("lk-order button:has-text('Отменить заявку')");
    await expect
      .poll(() => text(page, "lk-order .status"))
      .toContain("Заявку нельзя отменить: она уже в работе");
    expect(await text(page, "lk-order .status")).not.toMatch(/in_progress|cancelled|[0-9a-f]{8}-[0-9a-f]{4}/);
    // In English the same order reads in English, and there is nothing left to cancel.
    await page.click("header button[lang=en]");
    await expect.poll(() => text(page, "lk-order section.card p")).toBe("Status: in progress");
    expect(await text(page, "lk-order h1")).toBe(`Disconnect romashka-meet-1 · ${acc.number}`);
    expect(await text(page, "lk-order ol li:last-child")).toMatch(/ — in progress \(operator\)$/);
    expect(await page.locator("lk-order button:has-text('Cancel the order')").count()).toBe(0);
    await page.click("header button[lang=ru]");
    await expect.poll(() => text(page, "lk-order section.card p")).toBe("Статус: в работе");

    expect(
      (await op("POST", `/v1/operator/orders/${disconnectId}/transition`, { status: "done" })).status,
    ).toBe(200);
    await page.goto(`${env.url}/orders?account_id=${acc.id}`);
    await page.waitForSelector("lk-orders tbody tr:nth-child(2)");
    const orders = (await page.locator("lk-orders tbody tr").allTextContents()).map((t) =>
      t.replace(/\s+/g, " "),
    );
    // Each order names its service, so two orders of one account are told apart.
    expect(orders.some((o) => o.includes("Подключение romashka-meet-1") && o.includes("выполнена"))).toBe(
      true,
    );
    expect(orders.some((o) => o.includes("Отключение romashka-meet-1") && o.includes("выполнена"))).toBe(
      true,
    );
    await page.goto(`${env.url}/services?account_id=${acc.id}`);
    await page.waitForSelector(svcRow);
    expect(await text(page, svcRow)).toContain("отключена");
    expect(await page.locator(`${svcRow} button`).count()).toBe(0);
    await shoot(page, "billing-services");
  }, 90_000);

  it("c. issues an invoice for bank transfer (PDF, QR) and downloads the акт сверки for a period", async () => {
    const accs = (await api("GET", "/v1/accounts?limit=3&sort=number")).body.data as {
      id: string;
      number: string;
    }[];
    const [a, b] = [accs[1]!, accs[2]!];
    await page.click("nav a[href='/pay']");
    await page.waitForSelector(`#pick-${a.id}`);
    await page.check(`#pick-${a.id}`);
    await page.check(`#pick-${b.id}`);
    await page.click("lk-pay-screen a:has-text('Счёт для оплаты по безналу')");
    await page.waitForSelector("lk-bank-invoice tbody tr");
    expect(await page.isChecked(`#bi-${a.id}`)).toBe(true);
    expect(await page.isChecked(`#bi-${b.id}`)).toBe(true);
    await page.fill(`lk-bank-invoice input[aria-label='Сумма для ${a.number}']`, "1 000,25");
    await page.fill(`lk-bank-invoice input[aria-label='Сумма для ${b.number}']`, "250,25");
    const [dl] = await Promise.all([
      page.waitForEvent("download"),
      page.click("lk-bank-invoice button:has-text('Выставить счёт')"),
    ]);
    const pdf = readFileSync((await dl.path())!);
    await expect
      .poll(() => text(page, "lk-bank-invoice .status"))
      .toMatch(/^Счёт № \S+ на 1 250,50 ₽ скачан$/);
    const number = /№ (\S+)/.exec((await text(page, "lk-bank-invoice .status"))!)![1]!;
    expect(dl.suggestedFilename()).toMatch(new RegExp(`${number}\\.pdf$`));
    const words = pdfText(pdf).replace(/\s+/g, " ");
    // Dated by the Moscow calendar, the sum in words as a bank expects it.
    expect(words).toContain(`Счёт на оплату № ${number} от ${ddmmyyyy(localDate(new Date(), TZ))}`);
    expect(words).toContain("Одна тысяча двести пятьдесят рублей 50 копеек");
    expect(words).toContain("1 250,50");
    expect(words).toContain(a.number);
    expect(words).toContain(b.number);
    expect(words).not.toMatch(/\d{4}-\d\d-\d\dT|руб\.\./);
    // The same payment QR (ГОСТ Р 56042) on the page and in the PDF: the amount in kopecks, the number.
    await page.waitForSelector("lk-bank-invoice [data-testid=payment-qr] img[src^='data:image/svg+xml']");
    expect(await text(page, "lk-bank-invoice figcaption")).toContain("сумма 1 250,50 ₽");
    const [qr] = qrCodesOf(pdf);
    expect(qr).toMatch(/^ST00012\|/);
    expect(qr).toContain("|Sum=125050");
    expect(qr).toContain(number);
    violations.push(...(await axe(page, "bank-invoice")));
    await shoot(page, "billing-bank-invoice");

    // Opened without dates, the акт сверки covers this year up to today by the Moscow calendar: the
    // browser's clock is put at 21:30 UTC, when Moscow is already at 00:30 of the next day.
    const late = new Date();
    late.setUTCHours(21, 30, 0, 0);
    if (late > new Date()) late.setUTCDate(late.getUTCDate() - 1);
    const mskDay = localDate(late, TZ);
    const early = await env.browser.newPage();
    await early.clock.setFixedTime(late);
    await early.goto(`${env.url}/reconciliation`);
    await early.waitForSelector("lk-reconciliation .card");
    expect(await early.inputValue("#r-to")).toBe(mskDay);
    expect(await early.inputValue("#r-from")).toBe(`${mskDay.slice(0, 4)}-01-01`);
    await early.close();

    // The акт сверки for a chosen period, reached from the documents screen.
    const from = `${months().lastMonth}-01`;
    const to = localDate(new Date(), TZ);
    await page.click("nav a[href='/documents']");
    await page.click("lk-documents a:has-text('Акт сверки')");
    await page.waitForSelector("lk-reconciliation .card");
    await page.fill("#r-from", from);
    await page.fill("#r-to", to);
    await page.click("lk-reconciliation button:has-text('Показать')");
    await page.waitForURL((u) => u.searchParams.get("from") === from && u.searchParams.get("to") === to);
    // The statement says which period it is, in dates as people write them.
    await expect
      .poll(() => text(page, "[data-testid=rec-period]"))
      .toBe(`За период с ${ddmmyyyy(from)} по ${ddmmyyyy(to)}`);
    const rec = (await api("GET", `/v1/documents/reconciliation?from=${from}&to=${to}`)).body;
    const card = (await text(page, "lk-reconciliation .card"))!;
    expect(card).toContain(`Сальдо на начало: ${rub(rec.opening_balance)}`);
    expect(card).toContain(`Сальдо на конец: ${rub(rec.closing_balance)}`);
    const turnover = await page.locator("lk-reconciliation tbody tr:last-child > *").allTextContents();
    expect(turnover.map((t) => t.replace(/\s/g, " "))).toEqual(["Обороты", rub(rec.debit), rub(rec.credit)]);
    expect(card).not.toMatch(/\d{4}-\d\d-\d\d/);
    const [act] = await Promise.all([
      page.waitForEvent("download"),
      page.click("lk-reconciliation button:has-text('Скачать PDF')"),
    ]);
    await expect.poll(() => text(page, "lk-reconciliation .status")).toMatch(/^Скачан файл /);
    const actText = pdfText(readFileSync((await act.path())!)).replace(/\s+/g, " ");
    expect(actText).toContain("Акт сверки");
    expect(actText).toContain(ddmmyyyy(from));
    expect(actText).toContain(ddmmyyyy(to));
    expect(actText).toContain(rub(rec.debit).replace(" ₽", ""));
    expect(actText).toContain(rub(rec.credit).replace(" ₽", ""));
    expect(actText).toContain(`за период с ${ddmmyyyy(from)} по ${ddmmyyyy(to)}`);
    expect(actText).toContain(`Сальдо конечное ${rub(Math.abs(rec.closing_balance)).replace(" ₽", "")}`);
    violations.push(...(await axe(page, "reconciliation")));
    await shoot(page, "billing-reconciliation");
  }, 90_000);

  it("d. call details of an account: filters, totals and charts, the list and the CSV in Moscow time", async () => {
    // A Moscow line (+7 495 …), so a call to a Moscow number is a local one.
    const line = (
      (await api("GET", "/v1/services?kind=telephony&status=active&limit=100")).body.data as {
        account_id: string;
        account_number: string;
        identifier: string;
      }[]
    ).find((s) => s.identifier.startsWith("+7495"))!;
    // Last month by the Moscow calendar, and calls either side of its edges: 00:30 on its 1st is
    // its call (21:30 UTC the day before); 02:30 on the next month's 1st is not (23:30 UTC on its last day).
    const { thisMonth, lastMonth: period } = months();
    const first = `${period}-01`;
    const callee = "+74957001122";
    const rows = [
      `j1;${msk(first, "00:30").toISOString()};125;outgoing;${line.identifier};${callee}`,
      `j2;${msk(`${period}-15`, "12:00").toISOString()};61;outgoing;${line.identifier};${callee}`,
      `j3;${msk(`${thisMonth}-01`, "02:30").toISOString()};30;outgoing;${line.identifier};${callee}`,
    ];
    const imported = await env.app.request("/v1/operator/calls/import", {
      method: "POST",
      headers: { "x-operator-key": OPERATOR_KEY, "content-type": "text/csv" },
      body: ["record_id;started_at;duration_sec;direction;caller;callee", ...rows].join("\n"),
    });
    expect(imported.status, await imported.clone().text()).toBe(200);

    await page.click("nav a[href='/calls']");
    await page.waitForSelector("[data-testid=calls-count]");
    await page.fill("#c-period", period);
    await page.dispatchEvent("#c-period", "change");
    await page.selectOption("#c-acc", line.account_id);
    await page.fill("#c-phone", callee);
    await page.press("#c-phone", "Enter");
    await page.waitForURL((u) => u.searchParams.get("phone") === callee);
    await expect.poll(() => text(page, "[data-testid=calls-count]")).toBe("2");
    const q = new URL(page.url()).searchParams;
    expect(Object.fromEntries(q)).toMatchObject({ period, account_id: line.account_id, phone: callee });

    const sum = (
      await api(
        "GET",
        `/v1/calls/summary?period=${period}&account_id=${line.account_id}&phone=${encodeURIComponent(callee)}`,
      )
    ).body as { count: number; minutes: number; cost_amount: number };
    expect(sum.count).toBe(2);
    const totals = (await page.locator("lk-calls section[aria-labelledby=h-tot] dd").allTextContents()).map(
      (t) => t.replace(/\s/g, " "),
    );
    expect(totals).toEqual(["2", String(sum.minutes).replace(".", ","), rub(sum.cost_amount)]);
    // The list: newest first or oldest — either way in Moscow time, the 00:30 call on the 1st.
    const list = (await page.locator("lk-calls tbody tr").allTextContents()).map((t) =>
      t.replace(/\s+/g, " "),
    );
    expect(list).toHaveLength(2);
    expect(list.some((r) => r.includes(`${ddmmyyyy(first)}, 00:30`) && r.includes("2:05"))).toBe(true);
    expect(list.some((r) => r.includes(`15.${period.slice(5, 7)}.${period.slice(0, 4)}, 12:00`))).toBe(true);
    expect(list.join(" ")).toContain(line.account_number);
    // Spending by day: the 1st (Moscow) and the 15th, not the UTC day before the 1st.
    const days = (await text(page, "lk-calls section[aria-labelledby=h-day]"))!;
    expect(days).toMatch(/\b01\b/);
    expect(days).toMatch(/\b15\b/);
    expect(days).not.toMatch(/\b(28|29|30|31)\b/);
    expect(await text(page, "lk-calls section[aria-labelledby=h-type]")).toContain("местные");
    expect(await text(page, "lk-calls section[aria-labelledby=h-top]")).toContain(callee);
    violations.push(...(await axe(page, "calls")));
    await shoot(page, "billing-calls");

    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      page.click("button:has-text('Выгрузить CSV')"),
    ]);
    await expect.poll(() => text(page, "lk-calls .status")).toMatch(/^Выгрузка готова: /);
    expect(csv.suggestedFilename()).toBe(`calls-${period}.csv`);
    const lines = readFileSync((await csv.path())!, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      "Дата и время;Лицевой счёт;Направление;Кто звонил;Кому звонили;Тип вызова;Длительность, с;Тарифицировано, с;Стоимость, руб. без НДС",
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${first} 00:30:00\\+03:00;${line.account_number};Исходящий;\\${line.identifier};\\${callee};Местный;125;`,
      ),
    );
    expect(lines[2]).toMatch(new RegExp(`^${period}-15 12:00:00\\+03:00;`));
    expect(lines.join("\n")).not.toMatch(/UTC|Z;|T\d\d:/);
  }, 90_000);

  afterAll(() => {
    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
  });
});
