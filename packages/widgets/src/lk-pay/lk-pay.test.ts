// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AccountLookup, Payment } from "../api/types";
import "../define/lk-pay";
import { fakeFetch, problem, type, waitFor } from "../testing/fake-fetch";
import type { LkPay } from "./lk-pay";

const ACCOUNT: AccountLookup = {
  account_number: "123456789012",
  masked_holder: "ООО «Р*****»",
  region: "Москва",
  status: "active",
  recommended_amount: 150_000,
  min_amount: 1_000,
  max_amount: 1_500_000,
  currency: "RUB",
  methods: [
    { method: "card", commission_percent_bp: 0, commission_min: 0 },
    { method: "sbp", commission_percent_bp: 150, commission_min: 0 },
  ],
};
const ACQUIRER = "https://acquirer.test";

function payment(over: Partial<Payment> = {}): Payment {
  return {
    id: "pay_1",
    status: "requires_action",
    amount: 150_000,
    commission_amount: 0,
    total_amount: 150_000,
    confirmation_url: `${ACQUIRER}/pay/pay_1`,
    receipt_number: null,
    ...over,
  };
}

const quote = (c: { body: unknown }) => {
  const { amount, method } = c.body as { amount: number; method: string };
  const commission = method === "sbp" ? Math.round((amount * 150) / 10_000) : 0;
  return {
    body: { amount, commission_amount: commission, total_amount: amount + commission, currency: "RUB" },
  };
};

async function mount(attrs: Record<string, string> = {}): Promise<LkPay> {
  const el = document.createElement("lk-pay");
  el.setAttribute("publishable-key", "pk_test_abc");
  el.setAttribute("api-base", "https://api.test/");
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const $ = <T extends Element = HTMLElement>(el: LkPay, sel: string) =>
  el.shadowRoot!.querySelector<T & Element>(sel);
const text = (el: LkPay) => el.shadowRoot!.textContent!.replace(/[ \t\n\r]+/g, " ");

async function find(el: LkPay, query = "123456789012") {
  type($<HTMLInputElement>(el, "#query")!, query);
  await el.updateComplete;
  $<HTMLButtonElement>(el, "#find")!.click();
}

async function toDetails(el: LkPay) {
  await find(el);
  await waitFor(() => $(el, "#amount"));
  type($<HTMLInputElement>(el, "#receipt")!, "buh@example.ru");
  await el.updateComplete;
}

// happy-dom logs "Iframe page loading is disabled" for the acquirer frame: expected, the browser test loads it.
afterEach(() => {
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
});

describe("<lk-pay>", () => {
  it("fires lk-ready and sends the key and language with the lookup", async () => {
    const api = fakeFetch({ "GET /v1/public/accounts/lookup": () => ({ body: ACCOUNT }) });
    const ready = vi.fn();
    document.addEventListener("lk-ready", ready);
    const el = await mount({ region: "77" });
    expect(ready).toHaveBeenCalledOnce();
    expect(ready.mock.calls[0]![0].detail).toEqual({ tagName: "lk-pay" });
    document.removeEventListener("lk-ready", ready);
    await find(el, " 123456789012 ");
    await waitFor(() => api.calls.length);
    const call = api.calls[0]!;
    expect(call.url.origin + call.path).toBe("https://api.test/v1/public/accounts/lookup");
    expect(call.url.searchParams.get("query")).toBe("123456789012");
    expect(call.url.searchParams.get("region")).toBe("77");
    expect(call.headers["x-lk-key"]).toBe("pk_test_abc");
    expect(call.headers["accept-language"]).toBe("ru");
  });

  it("shows loading, then the found account with holder, recommended amount and quote", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    fakeFetch({
      "GET /v1/public/accounts/lookup": async () => {
        await gate;
        return { body: ACCOUNT };
      },
      "POST /v1/public/payments/quote": quote,
    });
    const el = await mount();
    const found = vi.fn();
    el.addEventListener("lk-account-found", found);
    await find(el);
    await el.updateComplete;
    expect($<HTMLButtonElement>(el, "#find")!.disabled).toBe(true);
    expect($(el, "[role=status]")!.textContent).toBe("Ищем…");
    expect($(el, ".container")!.getAttribute("aria-busy")).toBe("true");
    release();
    await waitFor(() => $(el, "#holder"));
    expect($(el, "#holder")!.textContent).toBe("ООО «Р*****»");
    expect($<HTMLInputElement>(el, "#amount")!.value).toBe("1500");
    expect(text(el)).toContain("Рекомендуемая сумма: 1\u00a0500,00\u00a0₽");
    expect(found).toHaveBeenCalledOnce();
    expect(found.mock.calls[0]![0].detail.account.account_number).toBe("123456789012");
    // The server prices the commission: SBP shows 1.5 %.
    $<HTMLInputElement>(el, "input[value=sbp]")!.click();
    await waitFor(() => $(el, "#total")?.textContent === "1\u00a0522,50\u00a0₽");
    expect($(el, "#pay")!.textContent!.trim()).toBe("Оплатить 1\u00a0522,50\u00a0₽");
  });

  it("looks the default account up on load and uses the amount attribute", async () => {
    const api = fakeFetch({ "GET /v1/public/accounts/lookup": () => ({ body: ACCOUNT }) });
    const el = await mount({ account: "+7 900 123-45-67", amount: "50050" });
    await waitFor(() => $(el, "#amount"));
    expect(api.calls[0]!.url.searchParams.get("query")).toBe("+7 900 123-45-67");
    expect($<HTMLInputElement>(el, "#amount")!.value).toBe("500,50");
    // A lookup on load must not pull focus (and the page's scroll) into the widget.
    expect(document.activeElement).toBe(document.body);
  });

  it("says when the account is not found, on the field, and fires lk-error", async () => {
    fakeFetch({
      "GET /v1/public/accounts/lookup": () => problem(404, "account_not_found", "Лицевой счёт не найден"),
    });
    const el = await mount();
    const errors = vi.fn();
    el.addEventListener("lk-error", errors);
    await find(el, "000");
    await waitFor(() => $(el, "#query-error"));
    expect($(el, "#query-error")!.textContent).toBe("Лицевой счёт не найден. Проверьте номер.");
    expect($(el, "#query-error")!.getAttribute("role")).toBe("alert");
    const input = $<HTMLInputElement>(el, "#query")!;
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toContain("query-error");
    expect(errors.mock.calls[0]![0].detail).toMatchObject({ code: "account_not_found", status: 404 });
  });

  it("asks for the field before calling the API", async () => {
    const api = fakeFetch({});
    const el = await mount();
    $<HTMLButtonElement>(el, "#find")!.click();
    await waitFor(() => $(el, "#query-error"));
    expect($(el, "#query-error")!.textContent).toBe("Заполните поле");
    expect(api.calls).toHaveLength(0);
  });

  it("warns about a suspended account but lets it pay; refuses a closed one", async () => {
    let status: AccountLookup["status"] = "suspended";
    fakeFetch({ "GET /v1/public/accounts/lookup": () => ({ body: { ...ACCOUNT, status } }) });
    const el = await mount();
    await find(el);
    await waitFor(() => $(el, "#suspended"));
    expect($(el, "#suspended")!.textContent).toContain("Услуги приостановлены");
    expect($(el, "#pay")).not.toBeNull();

    status = "closed";
    $<HTMLButtonElement>(el, "#back")!.click();
    await el.updateComplete;
    await find(el);
    await waitFor(() => $(el, "#query-error"));
    expect($(el, "#query-error")!.textContent).toBe("Лицевой счёт закрыт, оплата невозможна.");
  });

  it("checks the amount range on the client and never posts an out-of-range payment", async () => {
    const api = fakeFetch({ "GET /v1/public/accounts/lookup": () => ({ body: ACCOUNT }) });
    const el = await mount();
    await toDetails(el);
    type($<HTMLInputElement>(el, "#amount")!, "5");
    await el.updateComplete;
    $<HTMLButtonElement>(el, "#pay")!.click();
    await waitFor(() => $(el, "#amount-error"));
    expect($(el, "#amount-error")!.textContent).toBe(
      "Сумма должна быть от 10,00\u00a0₽ до 15\u00a0000,00\u00a0₽",
    );
    type($<HTMLInputElement>(el, "#amount")!, "12,345");
    await el.updateComplete;
    $<HTMLButtonElement>(el, "#pay")!.click();
    await waitFor(() => $(el, "#amount-error")?.textContent?.startsWith("Введите сумму"));
    expect(api.of("POST /v1/public/payments")).toHaveLength(0);
  });

  it("checks the receipt contact and normalizes a phone", async () => {
    const api = fakeFetch({
      "GET /v1/public/accounts/lookup": () => ({ body: ACCOUNT }),
      "POST /v1/public/payments": () => ({ body: payment() }),
    });
    const el = await mount({ "poll-interval": "60000" });
    await toDetails(el);
    type($<HTMLInputElement>(el, "#receipt")!, "not a contact");
    await el.updateComplete;
    $<HTMLButtonElement>(el, "#pay")!.click();
    await waitFor(() => $(el, "#receipt-error"));
    expect($(el, "#receipt-error")!.textContent).toContain("e-mail");
    type($<HTMLInputElement>(el, "#receipt")!, "8 (900) 123-45-67");
    await el.updateComplete;
    $<HTMLButtonElement>(el, "#pay")!.click();
    await waitFor(() => api.of("POST /v1/public/payments").length);
    expect(api.of("POST /v1/public/payments")[0]!.body).toMatchObject({
      account_number: "123456789012",
      amount: 150_000,
      method: "card",
      receipt_phone: "+79001234567",
    });
  });

  it("shows the server's field error when it rejects the amount (400)", async () => {
    fakeFetch({
      "GET /v1/public/accounts/lookup": () => ({ body: ACCOUNT }),
      "POST /v1/public/payments": () =>
        problem(400, "validation_failed", "Проверьте поля", [
          { field: "amount", code: "amount_out_of_range", message: "Сумма вне допустимого диапазона" },
        ]),
    });
    const el = await mount();
    await toDetails(el);
    $<HTMLButtonElement>(el, "#pay")!.click();
    await waitFor(() => $(el, "#amount-error"));
    expect($(el, "#amount-error")!.textContent).toBe("Сумма вне допустимого диапазона");
    expect($(el, "#amount")!.getAttribute("aria-invalid")).toBe("true");
  });

  it("offers a retry after a network error, and the retry works", async () => {
    let fail = true;
    fakeFetch({ "GET /v1/public/accounts/lookup": () => (fail ? "network-error" : { body: ACCOUNT }) });
    const el = await mount();
    await find(el);
    await waitFor(() => $(el, ".banner"));
    expect($(el, ".banner")!.getAttribute("role")).toBe("alert");
    expect(text(el)).toContain("Нет связи с сервером");
    fail = false;
    $<HTMLButtonElement>(el, "#retry")!.click();
    await waitFor(() => $(el, "#holder"));
    expect($(el, ".banner")).toBeNull();
  });

  it("replays the same Idempotency-Key when creating the payment is retried after a network error", async () => {
    let fail = true;
    const api = fakeFetch({
      "GET /v1/public/accounts/lookup": () => ({ body: ACCOUNT }),
      "POST /v1/public/payments": () => (fail ? "network-error" : { body: payment() }),
    });
    const el = await mount({ "poll-interval": "60000" });
    await toDetails(el);
    $<HTMLButtonElement>(el, "#pay")!.click();
    await waitFor(() => $(el, "#retry"));
    fail = false;
    $<HTMLButtonElement>(el, "#retry")!.click();
    await waitFor(() => el.querySelector("iframe"));
    const [a, b] = api.of("POST /v1/public/payments");
    expect(a!.headers["idempotency-key"]).toBeTruthy();
    expect(b!.headers["idempotency-key"]).toBe(a!.headers["idempotency-key"]);
  });

  it("says the site is not connected when the key is not allowed for this origin (no retry offered)", async () => {
    fakeFetch({
      "GET /v1/public/accounts/lookup": () =>
        problem(403, "origin_not_allowed", "Ключ не разрешён для этого сайта"),
    });
    const el = await mount();
    await find(el);
    await waitFor(() => $(el, ".banner"));
    expect(text(el)).toContain("Этот сайт не подключён к приёму платежей");
    expect($(el, "#retry")).toBeNull();
  });

  it("says when it is rate limited and holds the retry for Retry-After seconds", async () => {
    fakeFetch({
      "GET /v1/public/accounts/lookup": () => ({
        ...problem(429, "rate_limited", "Слишком много запросов"),
        headers: { "Retry-After": "7" },
      }),
    });
    const el = await mount();
    await find(el);
    await waitFor(() => $(el, ".banner"));
    expect(text(el)).toContain("Слишком много запросов. Повторите через 7 с.");
    expect($<HTMLButtonElement>(el, "#retry")!.disabled).toBe(true);
  });

  it("pays: acquirer iframe in the light DOM, polls our API, shows the receipt and fires events", async () => {
    let status: Payment["status"] = "requires_action";
    const api = fakeFetch({
      "GET /v1/public/accounts/lookup": () => ({ body: ACCOUNT }),
      "POST /v1/public/payments": () => ({ body: payment() }),
      "GET /v1/public/payments/pay_1": () => ({
        body: payment({ status, receipt_number: status === "succeeded" ? "R-000123" : null }),
      }),
    });
    const el = await mount({ "poll-interval": "20" });
    const created = vi.fn();
    const succeeded = vi.fn();
    document.addEventListener("lk-payment-created", created);
    document.addEventListener("lk-payment-succeeded", succeeded);
    await toDetails(el);
    $<HTMLButtonElement>(el, "#pay")!.click();
    const frame = await waitFor(() => el.querySelector("iframe"));
    expect(frame.parentNode).toBe(el); // light DOM, slotted
    expect(frame.slot).toBe("acquirer");
    expect(frame.src).toBe(`${ACQUIRER}/pay/pay_1`);
    expect(frame.title).toBe("Страница оплаты банка");
    expect(created.mock.calls[0]![0].detail.payment.id).toBe("pay_1");
    await waitFor(() => api.of("GET /v1/public/payments/pay_1").length >= 2);
    expect(succeeded).not.toHaveBeenCalled();
    status = "succeeded";
    await waitFor(() => $(el, "#receipt-number"));
    expect($(el, "#receipt-number")!.textContent).toBe("R-000123");
    expect(text(el)).toContain("Оплата прошла");
    expect(el.querySelector("iframe")).toBeNull();
    expect(succeeded).toHaveBeenCalledOnce();
    const ev = succeeded.mock.calls[0]![0];
    expect(ev.detail.receiptNumber).toBe("R-000123");
    expect(ev.bubbles && ev.composed).toBe(true);
    document.removeEventListener("lk-payment-created", created);
    document.removeEventListener("lk-payment-succeeded", succeeded);
  });

  it("trusts the acquirer's message only as a hint to ask our API, and only from its origin", async () => {
    let status: Payment["status"] = "pending";
    const api = fakeFetch({
      "GET /v1/public/accounts/lookup": () => ({ body: ACCOUNT }),
      "POST /v1/public/payments": () => ({ body: payment() }),
      "GET /v1/public/payments/pay_1": () => ({ body: payment({ status, receipt_number: "R-1" }) }),
    });
    const el = await mount({ "poll-interval": "600000" });
    await toDetails(el);
    $<HTMLButtonElement>(el, "#pay")!.click();
    await waitFor(() => el.querySelector("iframe"));
    const msg = { type: "lk-acquirer-result", paymentId: "pay_1", status: "succeeded" };
    window.dispatchEvent(new MessageEvent("message", { origin: "https://evil.test", data: msg }));
    await new Promise((r) => setTimeout(r, 30));
    expect(api.of("GET /v1/public/payments/pay_1")).toHaveLength(0);
    // Right origin, but our API still says pending: no success shown.
    window.dispatchEvent(new MessageEvent("message", { origin: ACQUIRER, data: msg }));
    await waitFor(() => api.of("GET /v1/public/payments/pay_1").length === 1);
    await el.updateComplete;
    expect(text(el)).not.toContain("Оплата прошла");
    status = "succeeded";
    window.dispatchEvent(new MessageEvent("message", { origin: ACQUIRER, data: msg }));
    await waitFor(() => $(el, "#receipt-number"));
  });

  it("shows a decline with its reason, and retries with a new Idempotency-Key", async () => {
    const api = fakeFetch({
      "GET /v1/public/accounts/lookup": () => ({ body: ACCOUNT }),
      "POST /v1/public/payments": () => ({ body: payment() }),
      "GET /v1/public/payments/pay_1": () => ({
        body: payment({ status: "failed", failure_reason: "card_declined" }),
      }),
    });
    const el = await mount({ "poll-interval": "10" });
    const failed = vi.fn();
    el.addEventListener("lk-payment-failed", failed);
    await toDetails(el);
    $<HTMLButtonElement>(el, "#pay")!.click();
    await waitFor(() => $(el, "#failure-reason"));
    expect($(el, "#failure-reason")!.textContent).toContain("Банк отклонил карту");
    expect(failed.mock.calls[0]![0].detail.reason).toBe("card_declined");
    $<HTMLButtonElement>(el, "#retry-payment")!.click();
    await waitFor(() => $(el, "#pay"));
    expect($<HTMLInputElement>(el, "#amount")!.value).toBe("1500");
    $<HTMLButtonElement>(el, "#pay")!.click();
    await waitFor(() => api.of("POST /v1/public/payments").length === 2);
    const [a, b] = api.of("POST /v1/public/payments");
    expect(b!.headers["idempotency-key"]).not.toBe(a!.headers["idempotency-key"]);
  });

  it("switches language at run time, re-translating texts and errors, and asks the API in it", async () => {
    const api = fakeFetch({
      "GET /v1/public/accounts/lookup": () => problem(404, "account_not_found", "…"),
    });
    const el = await mount();
    expect($(el, "h2")!.textContent).toBe("Оплата услуг связи");
    await find(el, "1");
    await waitFor(() => $(el, "#query-error"));
    el.setAttribute("lang", "en");
    await el.updateComplete;
    expect($(el, "h2")!.textContent).toBe("Pay for telecom services");
    expect($(el, "label[for=query]")!.textContent).toBe("Account number, phone or login");
    expect($(el, "#query-error")!.textContent).toBe("Account not found. Check the number.");
    await find(el, "2");
    await waitFor(() => api.calls.length === 2);
    expect(api.calls[1]!.headers["accept-language"]).toBe("en");
    el.lang = "ru";
    await el.updateComplete;
    expect($(el, "h2")!.textContent).toBe("Оплата услуг связи");
  });

  it("resumes after a redirect back from the acquirer and asks our API, not the URL, for the outcome", async () => {
    const api = fakeFetch({
      "GET /v1/public/payments/pay_7": () => ({
        body: payment({ id: "pay_7", status: "failed", failure_reason: "3ds_failed" }),
      }),
    });
    history.replaceState(null, "", "/pay?lk_widget=lk-pay&payment_id=pay_7&status=succeeded");
    try {
      const el = await mount();
      await waitFor(() => $(el, "#failure-reason"));
      expect($(el, "#failure-reason")!.textContent).toContain("кодом из SMS");
      expect(api.calls).toHaveLength(1);
      // Nothing was looked up in this page load, so "try again" starts from the account.
      $<HTMLButtonElement>(el, "#retry-payment")!.click();
      await waitFor(() => $(el, "#query"));
    } finally {
      history.replaceState(null, "", "/");
    }
  });

  it("sends a return URL that brings the payer back to this widget", async () => {
    const api = fakeFetch({
      "GET /v1/public/accounts/lookup": () => ({ body: ACCOUNT }),
      "POST /v1/public/payments": () => ({ body: payment() }),
    });
    const el = await mount({ "return-url": "https://partner.test/pay?x=1", "poll-interval": "60000" });
    await toDetails(el);
    $<HTMLButtonElement>(el, "#pay")!.click();
    await waitFor(() => api.of("POST /v1/public/payments").length);
    const body = api.of("POST /v1/public/payments")[0]!.body as { return_url: string };
    expect(body.return_url).toBe("https://partner.test/pay?x=1&lk_widget=lk-pay");
  });

  it("reflects the theme so the dark styles apply", async () => {
    fakeFetch({});
    const el = await mount();
    el.theme = "dark";
    await el.updateComplete;
    expect(el.getAttribute("theme")).toBe("dark");
  });
});
