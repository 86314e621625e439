import { describe, expect, it } from "vitest";
import { parseReceiptContact } from "./base/validate";
import { formatAmountInput, formatMoney, parseAmount } from "./format";

describe("money formatting", () => {
  it("formats kopecks as roubles without floats", () => {
    expect(formatMoney(123_456, "ru")).toBe("1\u00a0234,56\u00a0₽");
    expect(formatMoney(123_456, "en")).toBe("₽1,234.56");
    expect(formatMoney(5, "ru")).toBe("0,05\u00a0₽");
    expect(formatMoney(100_000_000_00, "ru")).toBe("100\u00a0000\u00a0000,00\u00a0₽");
    expect(formatAmountInput(150_000, "ru")).toBe("1500");
    expect(formatAmountInput(50_050, "ru")).toBe("500,50");
  });

  it("parses what people type", () => {
    expect(parseAmount("1 234,56")).toBe(123_456);
    expect(parseAmount("1234.5")).toBe(123_450);
    expect(parseAmount("0,1 ₽")).toBe(10);
    expect(parseAmount("19.99")).toBe(1999); // 19.99 * 100 is 1998.9999… as a float
    for (const bad of ["", "abc", "1,234", "-5", "1.2.3", "1e3"]) expect(parseAmount(bad)).toBeNull();
  });

  it("accepts an e-mail or a phone for the receipt", () => {
    expect(parseReceiptContact(" buh@example.ru ")).toEqual({ receipt_email: "buh@example.ru" });
    expect(parseReceiptContact("8 (900) 123-45-67")).toEqual({ receipt_phone: "+79001234567" });
    expect(parseReceiptContact("9001234567")).toEqual({ receipt_phone: "+79001234567" });
    expect(parseReceiptContact("+7 900 123 45 67")).toEqual({ receipt_phone: "+79001234567" });
    expect(parseReceiptContact("hello")).toBeNull();
  });
});
