import type { FieldError, Msg } from "@lk/core";
import type { z } from "zod";

type Issue = z.core.$ZodIssue;

const typeNames: Record<string, Msg> = {
  string: { ru: "строка", en: "a string" },
  number: { ru: "число", en: "a number" },
  int: { ru: "целое число", en: "an integer" },
  boolean: { ru: "true или false", en: "true or false" },
  object: { ru: "объект", en: "an object" },
  array: { ru: "список", en: "a list" },
};

/** Turns a zod issue into a field error in both languages; the problem renderer picks one. */
export function issueToFieldError(issue: Issue, prefix = ""): FieldError {
  const path = issue.path.map(String).join(".");
  const field = prefix && path ? `${prefix}.${path}` : path || prefix || "body";
  return { field, code: issueCode(issue), message: issueMessage(issue) };
}

function issueCode(issue: Issue): string {
  if (issue.code === "custom") return (issue.params?.code as string | undefined) ?? issue.message;
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return "required";
  if (issue.code === "invalid_format") return `invalid_${issue.format}`;
  return issue.code;
}

function issueMessage(issue: Issue): Msg {
  switch (issue.code) {
    case "invalid_type": {
      if (/received undefined/.test(issue.message))
        return { ru: "Обязательное поле", en: "This field is required" };
      const t = typeNames[issue.expected] ?? { ru: issue.expected, en: issue.expected };
      return { ru: `Ожидается ${t.ru}`, en: `Expected ${t.en}` };
    }
    case "too_small": {
      const n = String(issue.minimum);
      if (issue.origin === "string") {
        return Number(issue.minimum) === 1
          ? { ru: "Поле не должно быть пустым", en: "Must not be empty" }
          : { ru: `Не короче ${n} символов`, en: `At least ${n} characters` };
      }
      if (issue.origin === "array") return { ru: `Не меньше ${n} элементов`, en: `At least ${n} items` };
      return issue.inclusive
        ? { ru: `Не меньше ${n}`, en: `Must be at least ${n}` }
        : { ru: `Больше ${n}`, en: `Must be greater than ${n}` };
    }
    case "too_big": {
      const n = String(issue.maximum);
      if (issue.origin === "string") return { ru: `Не длиннее ${n} символов`, en: `At most ${n} characters` };
      if (issue.origin === "array") return { ru: `Не больше ${n} элементов`, en: `At most ${n} items` };
      return { ru: `Не больше ${n}`, en: `Must be at most ${n}` };
    }
    case "invalid_format": {
      if (issue.format === "email") return { ru: "Неверный адрес e-mail", en: "Invalid e-mail address" };
      if (issue.format === "uuid") return { ru: "Неверный идентификатор", en: "Invalid identifier" };
      if (issue.format === "url") return { ru: "Неверный URL", en: "Invalid URL" };
      return { ru: "Неверный формат", en: "Invalid format" };
    }
    case "invalid_value":
      return {
        ru: `Допустимые значения: ${issue.values.map(String).join(", ")}`,
        en: `Allowed values: ${issue.values.map(String).join(", ")}`,
      };
    case "unrecognized_keys":
      return {
        ru: `Неизвестные поля: ${issue.keys.join(", ")}`,
        en: `Unknown fields: ${issue.keys.join(", ")}`,
      };
    case "custom": {
      // Contracts attach both languages to their refinements (see `localized()` in @lk/contracts).
      const p = issue.params as { ru?: string; en?: string } | undefined;
      return p?.ru && p.en ? { ru: p.ru, en: p.en } : { ru: issue.message, en: issue.message };
    }
    default:
      return { ru: "Неверное значение", en: "Invalid value" };
  }
}
