import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { sample } from "openapi-sampler";

// Requests that break an operation's schema, derived from the OpenAPI document alone: a route
// added tomorrow is fuzzed without anyone writing a case for it. A valid baseline comes from
// openapi-sampler (Redocly's example generator); fast-check, with a fixed seed, picks which part
// of it to break and how. Each case breaks one thing, so a failure names what broke it.

type Schema = Record<string, any>;
export interface Parameter {
  in: "path" | "query" | "header" | "cookie";
  name: string;
  required?: boolean;
  schema?: Schema;
}
export interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  security?: Record<string, string[]>[];
}
export interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, unknown>;
}

export interface FuzzCase {
  /** What this case breaks, for the failure message. */
  what: string;
  method: string;
  /** The path with its parameters filled in (already URL-encoded). */
  path: string;
  /** Query string, already encoded, without `?`. */
  query: string;
  headers: Record<string, string>;
  body?: string;
  /** Which of the operation's principals sends it (index into its variants). */
  as: number;
}

const DEEP = 2_000;
const deepObject = () => JSON.parse(`${'{"a":'.repeat(DEEP)}1${"}".repeat(DEEP)}`);
const deepArray = () => JSON.parse(`${"[".repeat(DEEP)}${"]".repeat(DEEP)}`);

/** JSON values that break a schema: wrong types, sizes, characters PostgreSQL cannot store, extremes. */
const nastyJson: [string, () => unknown][] = [
  ["null", () => null],
  ["true", () => true],
  ["empty string", () => ""],
  ["NUL", () => "a\u0000b"],
  ["lone surrogate", () => "a\ud800b"],
  ["10 000 chars", () => "я".repeat(10_000)],
  ["300 000 chars", () => "x".repeat(300_000)],
  ["zero", () => 0],
  ["-1", () => -1],
  ["0.5", () => 0.5],
  ["2^53 (not a safe integer)", () => 2 ** 53],
  ["-2^63", () => -(2 ** 63)],
  ["1e308", () => 1e308],
  ["-1e308", () => -1e308],
  ["year 275760", () => "+275760-09-13T00:00:00.000Z"],
  ["year 0", () => "0000-01-01T00:00:00Z"],
  ["period 9999-99", () => "9999-99"],
  ["random uuid of nothing", () => randomUUID()],
  ["not a uuid", () => "../../etc/passwd"],
  ["empty object", () => ({})],
  ["empty array", () => []],
  ["array of 10 000", () => Array.from({ length: 10_000 }, (_, i) => i)],
  ["deep object", deepObject],
  ["deep array", deepArray],
  ["object where a scalar goes", () => ({ $gt: "" })],
  ["javascript url", () => "javascript:alert(1)"],
  ["control characters", () => "\u0001\u001f\u007f\u2028"],
];

/** Raw text for query and path parameters (already URL-encoded where it matters). */
const nastyText: [string, string][] = [
  ["empty", ""],
  ["NUL", "a%00b"],
  ["invalid UTF-8 (surrogate)", "a%ED%A0%80b"],
  ["broken percent-encoding", "%E0%A4%A"],
  ["5 000 chars", "x".repeat(5_000)],
  ["-1", "-1"],
  ["huge number", "99999999999999999999999"],
  ["1e309", "1e309"],
  ["NaN", "NaN"],
  ["0.5", "0.5"],
  ["random uuid of nothing", randomUUID()],
  ["uuid-like, not hex", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"],
  ["year 275760", "%2B275760-09-13T00%3A00%3A00Z"],
  ["period 0000-00", "0000-00"],
  ["dot dot slash", "..%2F..%2Fetc"],
  ["SQL", "'%3B%20drop%20table%20users%3B--"],
  ["unicode", encodeURIComponent("Ромашка 😀")],
];

/** Whole bodies that are not what any operation expects. */
const nastyBodies: [string, () => string][] = [
  ["body {}", () => "{}"],
  ["body []", () => "[]"],
  ["body null", () => "null"],
  ["body a string", () => '"x"'],
  ["body a number", () => "1e400"],
  ["body not JSON", () => "{not json"],
  ["body deep object", () => JSON.stringify(deepObject())],
  ["body deep array", () => JSON.stringify(deepArray())],
  ["body NUL keys", () => JSON.stringify({ "a\u0000": "b\u0000" })],
  ["body __proto__", () => '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'],
];

/** Resolves `$ref`s to components (one level at a time, as the walker meets them). */
function deref(doc: Doc, s: Schema | undefined): Schema | undefined {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 20; i++) {
    const parts = (cur.$ref as string).replace(/^#\//, "").split("/");
    cur = parts.reduce<any>((o, p) => o?.[p.replaceAll("~1", "/").replaceAll("~0", "~")], doc);
  }
  return cur;
}

/** A valid example of a schema (openapi-sampler), or undefined when it cannot make one. */
function example(doc: Doc, schema: Schema | undefined, minimal = false): unknown {
  if (!schema) return undefined;
  try {
    return sample(
      schema as never,
      { skipReadOnly: true, skipNonRequired: minimal, quiet: true },
      doc as never,
    );
  } catch {
    return undefined;
  }
}

/** Paths (lists of keys) to every property of a JSON value, two levels deep, arrays' first item. */
function propertyPaths(value: unknown, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  if (depth > 2 || value === null || typeof value !== "object") return [];
  const out: (string | number)[][] = [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.length
      ? [[0, value[0]]]
      : []
    : Object.entries(value);
  for (const [k, v] of entries) {
    const p = [...prefix, k];
    out.push(p, ...propertyPaths(v, p, depth + 1));
  }
  return out;
}

function hasPath(value: unknown, path: (string | number)[]): boolean {
  let o: any = value;
  for (const k of path) {
    if (o === null || typeof o !== "object" || !(k in o)) return false;
    o = o[k];
  }
  return true;
}

function setAt(value: unknown, path: (string | number)[], v: unknown): unknown {
  const copy = structuredClone(value) as any;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path.at(-1)!] = v;
  return copy;
}

const encodeValue = (v: unknown) =>
  encodeURIComponent(typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));

/** The sample with values this company really has, by property name (so a request reaches a service). */
function withReal(value: unknown, real: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => withReal(v, real));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k in real ? real[k] : withReal(v, real)]),
  );
}

/** A plausible value for a parameter (its example, enum, default or a sampled one). */
function paramValue(doc: Doc, p: Parameter): string {
  const s = deref(doc, p.schema);
  if (p.in === "path") return randomUUID();
  const v = example(doc, s);
  return encodeValue(v);
}

export interface OperationCases {
  method: string;
  template: string;
  op: Operation;
  cases: FuzzCase[];
}

/**
 * `runs` cases for one operation, chosen by fast-check from every way to break it (whole bodies,
 * each body property, each query and path parameter), with `seed` fixed so a failure reproduces.
 * `principals` is how many ways of sending the operation exist (roles, keys); each case picks one.
 */
export function casesFor(
  doc: Doc,
  method: string,
  template: string,
  op: Operation,
  opts: {
    seed: number;
    runs: number;
    principals: number;
    realIds?: (template: string, param: string) => string | undefined;
    /** Values for body properties and query parameters of these names (real ids, numbers). */
    realValues?: Record<string, unknown>;
  },
): OperationCases {
  const params = (op.parameters ?? []).map((p) => ({ ...p, schema: deref(doc, p.schema) }));
  const pathParams = params.filter((p) => p.in === "path");
  const queryParams = params.filter((p) => p.in === "query");
  const idem = params.find((p) => p.in === "header" && p.name.toLowerCase() === "idempotency-key");
  const content = op.requestBody?.content ?? {};
  const json = content["application/json"];
  const otherType = Object.keys(content).find((t) => t !== "application/json" && t !== "multipart/form-data");
  const real = opts.realValues ?? {};
  // Two baselines: every documented property (reaches the most fields) and only the required ones
  // (more often valid, so a broken field is what the service sees).
  const samples = [false, true].map((minimal) =>
    json ? withReal(example(doc, deref(doc, json.schema), minimal), real) : undefined,
  );
  const bodySample = samples[0];

  type Mutation =
    | { kind: "path"; name: string; text: [string, string] }
    | { kind: "query"; name: string; text: [string, string] }
    | { kind: "field"; at: (string | number)[]; value: [string, () => unknown] }
    | { kind: "body"; body: [string, () => string] }
    | { kind: "raw"; body: [string, () => string] }
    | { kind: "none" };

  const choices: fc.Arbitrary<Mutation>[] = [fc.constant<Mutation>({ kind: "none" })];
  if (pathParams.length)
    choices.push(
      fc.record({
        kind: fc.constant("path" as const),
        name: fc.constantFrom(...pathParams.map((p) => p.name)),
        text: fc.constantFrom(...nastyText),
      }),
    );
  if (queryParams.length)
    choices.push(
      fc.record({
        kind: fc.constant("query" as const),
        name: fc.constantFrom(...queryParams.map((p) => p.name)),
        text: fc.constantFrom(...nastyText),
      }),
    );
  if (json) {
    choices.push(fc.record({ kind: fc.constant("body" as const), body: fc.constantFrom(...nastyBodies) }));
    const fields = propertyPaths(bodySample);
    if (fields.length)
      choices.push(
        // Fields weigh more: they reach deepest into the services.
        ...Array.from({ length: 3 }, () =>
          fc.record({
            kind: fc.constant("field" as const),
            at: fc.constantFrom(...fields),
            value: fc.constantFrom(...nastyJson),
          }),
        ),
      );
  }
  if (otherType)
    choices.push(fc.record({ kind: fc.constant("raw" as const), body: fc.constantFrom(...rawBodies) }));

  const picks = fc.sample(fc.tuple(fc.oneof(...choices), fc.nat(opts.principals - 1), fc.boolean()), {
    seed: opts.seed,
    numRuns: opts.runs,
  });

  const cases = picks.map(([m, as, minimal]): FuzzCase => {
    const pathValues = new Map(
      pathParams.map((p) => [p.name, opts.realIds?.(template, p.name) ?? paramValue(doc, p)] as const),
    );
    const query = new Map(
      queryParams
        // A cursor is opaque: only the server makes a valid one.
        .filter((p) => p.required || (!minimal && p.name !== "cursor"))
        .map((p) => [p.name, p.name in real ? encodeValue(real[p.name]) : paramValue(doc, p)]),
    );
    const base = minimal && m.kind !== "field" ? samples[1] : bodySample;
    let body: string | undefined = json && base !== undefined ? JSON.stringify(base) : undefined;
    let contentType = json ? "application/json" : otherType;
    let what = "a valid-looking request";
    if (m.kind === "path") {
      pathValues.set(m.name, m.text[1]);
      what = `path ${m.name} = ${m.text[0]}`;
    } else if (m.kind === "query") {
      query.set(m.name, m.text[1]);
      what = `query ${m.name} = ${m.text[0]}`;
    } else if (m.kind === "field") {
      // On the required-only baseline when it has the field: the rest of the body is then valid.
      const small = minimal && hasPath(samples[1], m.at) ? samples[1] : bodySample;
      body = JSON.stringify(setAt(small, m.at, m.value[1]()));
      what = `body.${m.at.join(".")} = ${m.value[0]}`;
    } else if (m.kind === "body") {
      body = m.body[1]();
      contentType = "application/json";
      what = m.body[0];
    } else if (m.kind === "raw") {
      body = m.body[1]();
      what = `${otherType} ${m.body[0]}`;
    } else if (otherType && !json) {
      body = rawBodies[0]![1]();
    }
    const path = template.replace(/\{([^}]+)\}/g, (_, n: string) => pathValues.get(n) ?? randomUUID());
    const headers: Record<string, string> = {};
    if (body !== undefined && contentType) headers["content-type"] = contentType;
    if (idem) headers["idempotency-key"] = `fuzz-${randomUUID()}`;
    return {
      what,
      method: method.toUpperCase(),
      path,
      query: [...query].map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join("&"),
      headers,
      ...(body !== undefined ? { body } : {}),
      as,
    };
  });
  return { method: method.toUpperCase(), template, op, cases };
}

/** Bodies for the operations that take a file (CSV, bank statements, form posts). */
const rawBodies: [string, () => string][] = [
  ["one garbage line", () => "a;b;c\n\u0000;\ud800;x\n"],
  ["a CSV header and a broken row", () => "account_number,started_at,duration\n0000,notadate,-5\n"],
  ["100 000 commas", () => ",".repeat(100_000)],
  ["binary", () => "\u0000\u0001\u0002\u00ff\ufffe".repeat(1000)],
  ["empty", () => ""],
  ["form with NUL", () => "command=check&txn_id=%00&account=%ED%A0%80&sum=1e309"],
  [
    "XML bomb-ish",
    () => `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "bbbbbbbb">]><a>${"&b;".repeat(1000)}</a>`,
  ],
];
