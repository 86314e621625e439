import { z } from "@hono/zod-openapi";
import { localized } from "./localized";
import { isValidInn, isValidKpp, isValidOgrn, normalizeRuPhone } from "./validators";

export const Uuid = z.string().uuid();
export const IdParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});

/** Money: integer kopecks. */
export const Kopecks = z
  .number()
  .int()
  .openapi({ description: "Amount in kopecks (1 ₽ = 100)", example: 150000 });
export const Currency = z.literal("RUB");
export const Timestamp = z.string().openapi({ format: "date-time", example: "2026-11-25T09:30:00.000Z" });
export const Period = z
  .string()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])$/,
    localized("invalid_period", "Период в формате ГГГГ-ММ", "Period as YYYY-MM"),
  )
  .openapi({ example: "2026-10" });

export const Inn = z
  .string()
  .refine(
    isValidInn,
    localized("invalid_inn", "Неверный ИНН: проверьте цифры", "Invalid INN: check the digits"),
  )
  .openapi({ example: "7707083893" });
export const Kpp = z
  .string()
  .refine(isValidKpp, localized("invalid_kpp", "КПП — 9 символов", "KPP is 9 characters"))
  .openapi({ example: "773601001" });
export const Ogrn = z
  .string()
  .refine(isValidOgrn, localized("invalid_ogrn", "Неверный ОГРН", "Invalid OGRN"))
  .openapi({ example: "1027700132195" });
export const Phone = z
  .string()
  .refine(
    (s) => normalizeRuPhone(s) !== null,
    localized("invalid_phone", "Телефон в формате +7XXXXXXXXXX", "Phone as +7XXXXXXXXXX"),
  )
  .transform((s) => normalizeRuPhone(s)!)
  .openapi({ type: "string", example: "+79161234567" });
export const Email = z.string().trim().toLowerCase().email().max(254).openapi({ example: "buh@example.ru" });
/**
 * Where the payer's browser returns after paying: an http(s) address only (a `javascript:` or
 * `data:` one would run on the partner's or our page). The pattern says so in the OpenAPI document;
 * the payments service checks it again (checkReturnUrl) for callers that skip the schema.
 */
export const ReturnUrl = (max: number) =>
  // Not z.httpUrl(): its host rule wants a public domain, and refuses localhost and IP addresses
  // (the demo portal at http://localhost:3000, a partner page on a test host).
  z
    .url({ protocol: /^https?$/ })
    .max(max)
    .openapi({
      pattern: "^[hH][tT][tT][pP][sS]?://",
      description: "An https:// or http:// address the payer returns to after paying",
      example: "https://example.ru/paid",
    });
export const AccountNumber = z
  .string()
  .regex(
    /^\d{12}$/,
    localized("invalid_account_number", "Номер лицевого счёта — 12 цифр", "An account number is 12 digits"),
  )
  .openapi({ example: "770000000001" });

/** `?limit=&cursor=` of every list. */
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50).openapi({ example: 50 }),
  cursor: z.string().max(500).optional(),
});

export const listOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable() }).openapi(name);

export const FieldErrorSchema = z
  .object({ field: z.string(), code: z.string(), message: z.string() })
  .openapi("FieldError");
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    requestId: z.string(),
    traceId: z.string().optional().openapi({
      description:
        "The W3C trace id of this request (32 hex digits), present while the operator runs tracing: quote it beside requestId",
    }),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .openapi("Problem", { description: "RFC 9457 problem details" });

export const Ok = z.object({ ok: z.literal(true) }).openapi("Ok");
