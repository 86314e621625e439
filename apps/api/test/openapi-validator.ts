/**
 * JSON Schema validation against the OpenAPI document, for tests that check examples and payloads.
 * Ajv (2020-12, the dialect of OpenAPI 3.1) is the copy Redocly's tooling already brings through
 * openapi-typescript (→ @redocly/openapi-core → @redocly/ajv): no dependency of our own.
 * Strict: an object schema that lists its properties refuses others, so a renamed or invented field
 * fails; a schema that is a part of an `allOf` (`Order` extended into `OrderDetail`) stays open, and
 * the `allOf` refuses what none of its parts evaluated (`unevaluatedProperties`).
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import type { OpenApiDocument } from "../src/openapi-document";

export type Validate = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params?: { additionalProperty?: string } }[] | null;
};

interface AjvLike {
  addSchema(s: object, key: string): void;
  getSchema(ref: string): Validate | undefined;
  addFormat(name: string, re: RegExp): void;
}

const FORMATS: [string, RegExp][] = [
  ["date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/],
  ["date", /^\d{4}-\d{2}-\d{2}$/],
  ["uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i],
  ["uri", /^[a-z][a-z0-9+.-]*:\S+$/i],
  ["email", /^[^@\s]+@[^@\s]+$/],
];

function strict(doc: OpenApiDocument): object {
  const parts = new Set<string>();
  JSON.stringify(doc, (k, v: unknown) => {
    if (k === "allOf" && Array.isArray(v))
      for (const p of v as { $ref?: string }[]) if (p.$ref) parts.add(p.$ref.split("/").pop()!);
    return v;
  });
  const visit = (node: unknown, open: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => visit(n, open));
    if (!node || typeof node !== "object") return node;
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) o[k] = visit(v, k === "allOf");
    if (o.allOf && o.unevaluatedProperties === undefined) o.unevaluatedProperties = false;
    else if (o.properties && o.additionalProperties === undefined && !open) o.additionalProperties = false;
    return o;
  };
  type Doc = { components: { schemas: Record<string, unknown> } };
  const out = visit(doc, false) as Doc;
  for (const name of parts) out.components.schemas[name] = visit((doc as Doc).components.schemas[name], true);
  return out;
}

/** `validatorFor("Payment")` (a component) or `validatorFor("webhook payment.succeeded")`. */
export function openApiValidator(doc: OpenApiDocument): (marker: string) => Validate {
  const root = join(import.meta.dirname, "../../..");
  const fromApi = createRequire(join(root, "apps/api/package.json"));
  const fromCore = createRequire(
    createRequire(fromApi.resolve("openapi-typescript")).resolve("@redocly/openapi-core"),
  );
  const Ajv2020 = (fromCore("@redocly/ajv/dist/2020") as { default: new (o: object) => AjvLike }).default;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  for (const [name, re] of FORMATS) ajv.addFormat(name, re);
  ajv.addSchema(strict(doc), "doc");
  return (marker) => {
    const hook = /^webhook\s+(\S+)$/.exec(marker)?.[1];
    const ref = hook
      ? `doc#/webhooks/${hook.replace(/~/g, "~0").replace(/\//g, "~1")}/post/requestBody/content/application~1json/schema`
      : `doc#/components/schemas/${marker}`;
    const v = ajv.getSchema(ref);
    if (!v) throw new Error(`no schema ${marker} in the OpenAPI document`);
    return v;
  };
}

/** Ajv's errors as lines a person reads. */
export const errorLines = (v: Validate, max = 5): string[] =>
  (v.errors ?? [])
    .slice(0, max)
    .map(
      (e) =>
        `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : ""}`,
    );
