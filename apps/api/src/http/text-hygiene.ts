import { type FieldError, invalid } from "@lk/core";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env";

/**
 * Characters PostgreSQL cannot store: U+0000 (text and json refuse it) and UTF-16 surrogates
 * without their pair (not Unicode scalar values: UTF-8 has no encoding for them, and jsonb refuses
 * their `\ud800` escapes). Anything else a JSON string can hold is valid UTF-8 text.
 */
export function unstorable(s: string): boolean {
  return s.includes("\u0000") || LONE_SURROGATE.test(s);
}
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Nesting beyond this is refused before any schema walks it (no request of ours nests past ~6). */
export const MAX_JSON_DEPTH = 32;

const badText: FieldError["message"] = {
  ru: "Недопустимые символы: NUL (U+0000) или непарный суррогат UTF-16",
  en: "Characters that cannot be stored: NUL (U+0000) or an unpaired UTF-16 surrogate",
};
const tooDeep: FieldError["message"] = {
  ru: `Слишком глубокая вложенность (больше ${MAX_JSON_DEPTH} уровней)`,
  en: `Nested too deeply (more than ${MAX_JSON_DEPTH} levels)`,
};

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
const FORM_TYPE = /^(?:multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/**
 * One place for text hygiene (issue 18): every string a route accepts — path parameters, query
 * parameters, headers, JSON bodies (keys and values, at any depth) and form fields — is checked
 * before the route's schema or service sees it. One that PostgreSQL could not store is a 400
 * `validation_failed` naming each field (`path.id`, `query.status`, `header.x-…`, `items.0.name`),
 * instead of a 500 from the database. Runs after route matching, so path parameters have names.
 * The body is read as text (hono caches it: the validator, the idempotency hash and a signature
 * check read the same bytes).
 */
export const textHygiene: MiddlewareHandler<AppEnv> = async (c, next) => {
  const errors: FieldError[] = [];
  const add = (field: string, code = "invalid_characters", message = badText) => {
    if (errors.length < 20) errors.push({ field, code, message });
  };
  for (const [name, value] of Object.entries(c.req.param() as Record<string, string>)) {
    if (typeof value === "string" && unstorable(value)) add(`path.${name}`);
  }
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (unstorable(name) || values.some(unstorable)) add(`query.${name}`);
  }
  c.req.raw.headers.forEach((value, name) => {
    if (unstorable(value)) add(`header.${name}`);
  });
  const type = c.req.header("content-type") ?? "";
  if (c.req.method !== "GET" && c.req.method !== "HEAD") {
    if (JSON_TYPE.test(type)) {
      const text = await c.req.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined; // malformed JSON: the validator answers 400 malformed_request
      }
      if (parsed !== undefined) walk(parsed, "", 0, add);
    } else if (FORM_TYPE.test(type)) {
      const form = await c.req.parseBody({ all: true });
      for (const [name, v] of Object.entries(form)) {
        const values = Array.isArray(v) ? v : [v];
        if (unstorable(name) || values.some((x) => typeof x === "string" && unstorable(x))) add(name);
      }
    }
  }
  if (errors.length > 0) throw invalid(errors);
  await next();
};

function walk(
  v: unknown,
  path: string,
  depth: number,
  add: (field: string, code?: string, message?: FieldError["message"]) => void,
): void {
  if (typeof v === "string") {
    if (unstorable(v)) add(path || "body");
    return;
  }
  if (typeof v !== "object" || v === null) return;
  if (depth >= MAX_JSON_DEPTH) {
    add(path || "body", "too_deep", tooDeep);
    return;
  }
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) walk(x, path ? `${path}.${i}` : String(i), depth + 1, add);
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    const p = path ? `${path}.${unstorable(k) ? "?" : k}` : unstorable(k) ? "?" : k;
    if (unstorable(k)) add(p);
    walk(x, p, depth + 1, add);
  }
}
