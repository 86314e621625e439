// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Invoice, Payment } from "../api/types";
import "../define/lk-invoice-pay";
import { fakeFetch, problem, type, waitFor } from "../testing/fake-fetch";
import type { LkInvoicePay } from "./lk-invoice-pay";

const INVOICE: Invoice = {
  number: "INV-2026-000042",
  account_number: "123456789012",
  masked_holder: "ООО «Р*****»",
  amount_due: 1_234_56,
  status: "overdue",
  due_date: "2026-01-20",
  period: "2025-12",
};
const PAYMENT: Payment = {
  id: "pay_9",
  status: "requires_action",
  amount: 1_234_56,
  commission_amount: 0,
  total_amount: 1_234_56,
  confirmation_url: "https://acquirer.test/pay/pay_9",
  receipt_number: null,
};

async function mount(attrs: Record<string, string> = {}): Promise<LkInvoicePay> {
  const el = document.createElement("lk-invoice-pay");
  el.setAttribute("publishable-key", "pk_test_abc");
  el.setAttribute("api-base", "https://api.test");
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  await el.updateComplete;
  return el;
}
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) =>
  el.shadowRoot!.querySelector<T & Element>(sel);

async function find(el: LkInvoicePay, number = "INV-2026-000042") {
  type($<HTMLInputElement>(el, "#number")!, number);
  await el.updateComplete;
  $<HTMLButtonElement>(el, "#find")!.click();
}

afterEach(() => {
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
});

describe("<lk-invoice-pay>", () => {
  it("finds the invoice and shows it with the amount due, which cannot be changed", async () => {
    const api = fakeFetch({ "GET /v1/public/invoices/INV-2026-000042": () => ({ body: INVOICE }) });
    const el = await mount();
    const found = vi.fn();
    el.addEventListener("lk-invoice-found", found);
    await find(el);
    await waitFor(() => $(el, "#amount-due"));
    expect(api.calls[0]!.headers["x-lk-key"]).toBe("pk_test_abc");
    expect($(el, "#amount-due")!.textContent).toBe("1\u00a0234,56\u00a0₽");
    expect($(el, ".overdue")!.textContent).toBe("20.01.2026");
    expect($<HTMLInputElement>(el, "#amount")!.readOnly).toBe(true);
    expect($<HTMLInputElement>(el, "#amount")!.value).toBe("1234,56");
    expect(found.mock.calls[0]![0].detail.invoice.number).toBe("INV-2026-000042");
  });

  it("says when the invoice is not found or already paid", async () => {
    let paid = false;
    fakeFetch({
      "GET /v1/public/invoices/NOPE": () => problem(404, "invoice_not_found", "Счёт не найден"),
      "GET /v1/public/invoices/INV-2026-000042": () => ({
        body: { ...INVOICE, status: paid ? "paid" : "issued" },
      }),
    });
    const el = await mount({ lang: "en" });
    await find(el, "NOPE");
    await waitFor(() => $(el, "#number-error"));
    expect($(el, "#number-error")!.textContent).toBe("Invoice not found. Check the number.");
    paid = true;
    await find(el);
    await waitFor(() => $(el, "#number-error")?.textContent === "This invoice is already paid.");
  });

  it("pays the invoice by number and shows the receipt once our API says succeeded", async () => {
    let status: Payment["status"] = "pending";
    const api = fakeFetch({
      "GET /v1/public/invoices/INV-2026-000042": () => ({ body: INVOICE }),
      "POST /v1/public/payments": () => ({ body: PAYMENT }),
      "GET /v1/public/payments/pay_9": () => ({ body: { ...PAYMENT, status, receipt_number: "R-9" } }),
    });
    const el = await mount({ invoice: "INV-2026-000042", "poll-interval": "10" });
    const succeeded = vi.fn();
    el.addEventListener("lk-payment-succeeded", succeeded);
    await waitFor(() => $(el, "#receipt"));
    type($<HTMLInputElement>(el, "#receipt")!, "buh@example.ru");
    await el.updateComplete;
    $<HTMLButtonElement>(el, "#pay")!.click();
    await waitFor(() => el.querySelector("iframe[slot=acquirer]"));
    expect(api.of("POST /v1/public/payments")[0]!.body).toMatchObject({
      invoice_number: "INV-2026-000042",
      amount: 1_234_56,
      receipt_email: "buh@example.ru",
    });
    status = "succeeded";
    await waitFor(() => succeeded.mock.calls.length === 1);
    expect(succeeded.mock.calls[0]![0].detail.receiptNumber).toBe("R-9");
  });

  it("shows a timeout failure in English and lets the payer try again", async () => {
    fakeFetch({
      "GET /v1/public/invoices/INV-2026-000042": () => ({ body: INVOICE }),
      "POST /v1/public/payments": () => ({ body: PAYMENT }),
      "GET /v1/public/payments/pay_9": () => ({
        body: { ...PAYMENT, status: "failed", failure_reason: "processing_timeout" },
      }),
    });
    const el = await mount({ invoice: "INV-2026-000042", lang: "en", "poll-interval": "10" });
    await waitFor(() => $(el, "#receipt"));
    type($<HTMLInputElement>(el, "#receipt")!, "+79001234567");
    await el.updateComplete;
    $<HTMLButtonElement>(el, "#pay")!.click();
    await waitFor(() => $(el, "#failure-reason"));
    expect($(el, "#failure-reason")!.textContent).toContain("did not answer in time");
    $<HTMLButtonElement>(el, "#retry-payment")!.click();
    await waitFor(() => $(el, "#pay"));
  });
});
