import { AppError, type FieldError, type Msg } from "./app-error";

// The generic errors every domain uses. Domain-specific ones live in the domain's own errors.ts.

export const unauthorized = (msg?: Msg, code = "unauthorized") =>
  new AppError(401, code, msg ?? { ru: "Требуется вход в систему", en: "Authentication required" });

export const forbidden = (msg?: Msg, code = "forbidden") =>
  new AppError(
    403,
    code,
    msg ?? { ru: "Недостаточно прав для этого действия", en: "You are not allowed to do this" },
  );

/** Also what another company's resource looks like: it simply does not exist for you. */
export const notFound = (what: Msg, code = "not_found") =>
  new AppError(404, code, { ru: `${what.ru}: не найдено`, en: `${what.en} not found` });

export const conflict = (msg: Msg, code = "conflict") => new AppError(409, code, msg);

export const invalid = (fields: FieldError[], msg?: Msg) =>
  new AppError(
    400,
    "validation_failed",
    msg ?? { ru: "Проверьте введённые данные", en: "Check the submitted data" },
    {
      fields,
    },
  );

export const invalidField = (field: string, code: string, message: Msg) =>
  invalid([{ field, code, message }]);

export const rateLimited = (retryAfterSec: number, msg?: Msg) =>
  new AppError(
    429,
    "rate_limited",
    msg ?? {
      ru: `Слишком много запросов. Повторите через ${retryAfterSec} с`,
      en: `Too many requests. Retry in ${retryAfterSec} s`,
    },
    { headers: { "Retry-After": String(retryAfterSec) } },
  );

/** A PATCH that names no field to change: a 400 rather than a silent 200 or an empty UPDATE. */
export function requireSomeField(input: object, fields: readonly string[]): void {
  const given = fields.some((f) => (input as Record<string, unknown>)[f] !== undefined);
  if (!given)
    throw invalidField("body", "no_fields", {
      ru: `Укажите хотя бы одно поле для изменения: ${fields.join(", ")}`,
      en: `Give at least one field to change: ${fields.join(", ")}`,
    });
}
