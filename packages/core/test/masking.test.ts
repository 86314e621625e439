import { describe, expect, it } from "vitest";
import { classifyQuery, maskCompanyName, maskHolder, maskPersonName } from "../src/public/index";

describe("holder masking", () => {
  it("keeps the legal form and quotes, the first letter of the name only", () => {
    expect(maskCompanyName("ООО «Ромашка»")).toBe("ООО «Р*****»");
    expect(maskCompanyName('АО "Сигма Телеком"')).toBe('АО "С*****"');
    expect(maskCompanyName("ООО «Компания «Ромашка»»")).toBe("ООО «К*****»");
    expect(maskCompanyName("ПАО Ромашка")).toBe("ПАО Р*****");
    expect(maskCompanyName("Общество с ограниченной ответственностью «Вектор»")).toBe(
      "Общество с ограниченной ответственностью «В*****»",
    );
    expect(maskCompanyName("  ")).toBe("*****");
  });

  it("masks a full name as surname initial and initials", () => {
    expect(maskPersonName("Иванов Иван Иванович")).toBe("И***** И. И.");
    expect(maskPersonName("Петрова Анна")).toBe("П***** А.");
    expect(maskHolder("ИП Сидоров Пётр Петрович")).toBe("ИП С***** П. П.");
    expect(maskHolder("Иванов Иван Иванович")).toBe("И***** И. И.");
    expect(maskHolder("ООО «Тест 123456»")).toBe("ООО «Т*****»");
  });

  it("never shows more than one letter of the name, nor its length", () => {
    for (const name of ["ООО «Ромашка»", "ООО «Ро»", "ООО «Очень длинное название компании»"]) {
      const m = maskHolder(name);
      expect(m).toBe(`ООО «${name[5]}*****»`);
    }
  });
});

describe("lookup query", () => {
  it("tells account numbers, phones and logins apart", () => {
    expect(classifyQuery(" 7700 0000 0001 ")).toEqual({ kind: "account", value: "770000000001" });
    expect(classifyQuery("8 (916) 123-45-67")).toEqual({ kind: "identifier", value: "+79161234567" });
    expect(classifyQuery("+79161234567").value).toBe("+79161234567");
    expect(classifyQuery("Romashka-Net")).toMatchObject({ kind: "identifier", alt: "romashka-net" });
  });
});
