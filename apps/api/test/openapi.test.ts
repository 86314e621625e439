/**
 * The published OpenAPI document, judged by tools that are not ours:
 * - Redocly CLI (`lint`, recommended rules) says it is valid OpenAPI 3.1;
 * - openapi-typescript generates a client's types from it, and a sample program written against
 *   those types type-checks with the repository's TypeScript (and a wrong use of them does not).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { serve } from "@hono/node-server";
import { partnerEventTypes, postLedger, webhookEventTypes } from "@lk/core";
import { makeCompany } from "@lk/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocument, type OpenApiDocument } from "../src/openapi-document";
import { createTestApp } from "./helpers";

const require = createRequire(import.meta.url);
const redoclyBin = join(dirname(require.resolve("@redocly/cli/package.json")), "bin/cli.js");
const tscBin = require.resolve("typescript/bin/tsc");

/**
 * Redocly's `recommended` rules, less one about how we publish rather than what the document says:
 * a document built without a server names localhost as its server (a running server names its own
 * origin). Everything else must pass with 0 errors and 0 warnings.
 */
const redoclyConfig = `extends:
  - recommended
rules:
  no-server-example.com: off
`;

interface Operation {
  operationId?: string;
  tags?: string[];
  description?: string;
  parameters?: { in: string; name: string; required?: boolean; schema?: unknown }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

interface LintProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location: { pointer: string }[];
}

/** `#/paths/~1v1~1accounts/get` → `/v1/accounts get`. */
function routeOf(pointer: string): string {
  const m = /^#\/paths\/([^/]+)\/([a-z]+)/.exec(pointer);
  if (!m) return pointer;
  return `${m[1]!.replaceAll("~1", "/").replaceAll("~0", "~")} ${m[2]}`;
}

let dir: string;
let doc: OpenApiDocument;
let docFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lk-openapi-"));
  doc = await buildOpenApiDocument();
  docFile = join(dir, "openapi.json");
  writeFileSync(docFile, JSON.stringify(doc, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("OpenAPI document", () => {
  it("is what a running server publishes, and covers the public API", async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(50);
    expect(doc.paths["/v1/accounts"]).toHaveProperty("get");
    expect(doc.components?.securitySchemes).toHaveProperty("bearerAuth");
  });

  it("names every operation: a unique camelCase operationId, tags and a documented 4xx", () => {
    const ids = new Map<string, string>();
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops as Record<string, Operation>)) {
        const at = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, at).toMatch(/^[a-z][a-zA-Z0-9]+$/);
        expect(ids.get(op.operationId!), `${at} reuses ${op.operationId}`).toBeUndefined();
        ids.set(op.operationId!, at);
        expect(op.tags?.length, at).toBeGreaterThan(0);
        expect(
          Object.keys(op.responses).some((c) => c.startsWith("4")),
          at,
        ).toBe(true);
      }
    // The SDK's methods and the operationIds say the same verbs.
    expect(ids.get("createPayment")).toBe("POST /v1/payments");
    expect(ids.get("getBalance")).toBe("GET /v1/balance");
  });

  it("requires Idempotency-Key (8–255 characters) wherever the server does", () => {
    const money = [
      "post /v1/payments",
      "post /v1/payments/{id}/refunds",
      "post /v1/public/payments",
      "post /v1/transfers",
      "post /v1/accounts/{id}/promised-payment",
      "post /v1/operator/ledger/adjustments",
    ];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops as Record<string, Operation>)) {
        const header = op.parameters?.find(
          (p) => p.in === "header" && p.name.toLowerCase() === "idempotency-key",
        );
        const says = /Idempotency-Key/.test(`${op.description ?? ""}`);
        const at = `${method} ${path}`;
        if (!money.includes(at) && !says && !header) continue;
        expect(header, at).toBeDefined();
        expect(header?.required, at).toBe(true);
        expect(header?.schema).toMatchObject({ type: "string", minLength: 8 });
      }
    for (const at of money) {
      const [method, path] = at.split(" ") as [string, string];
      expect(doc.paths[path]?.[method], at).toBeDefined();
    }
  });

  it("describes every webhook the product sends, with its payload schema", () => {
    const hooks = (doc as { webhooks?: Record<string, { post: Operation }> }).webhooks ?? {};
    const expected = [
      ...webhookEventTypes,
      "webhook.test",
      ...partnerEventTypes.map((t) => `partner.${t}`),
    ].sort();
    expect(Object.keys(hooks).sort()).toEqual(expected);
    for (const [key, { post }] of Object.entries(hooks)) {
      const ref = (post.requestBody as { content: Record<string, { schema: { $ref?: string } }> }).content[
        "application/json"
      ]?.schema.$ref;
      expect(ref, key).toMatch(/^#\/components\/schemas\/\w+Event$/);
    }
    expect(doc.info.license).toMatchObject({ name: expect.any(String) });
  });

  it("is valid OpenAPI 3.1 by Redocly CLI", () => {
    const configFile = join(dir, "redocly.yaml");
    writeFileSync(configFile, redoclyConfig);
    let out: string;
    try {
      out = execFileSync(
        process.execPath,
        [redoclyBin, "lint", docFile, "--format=json", `--config=${configFile}`],
        {
          cwd: dir,
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
          env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
        },
      );
    } catch (e) {
      // Exit code 1 when there are errors; the JSON report is still on stdout.
      out = (e as { stdout?: string }).stdout ?? "";
      if (!out) throw e;
    }
    const report = JSON.parse(out) as {
      totals: { errors: number; warnings: number };
      problems: LintProblem[];
    };
    const found = report.problems.map((p) => ({
      severity: p.severity,
      rule: p.ruleId,
      at: routeOf(p.location[0]?.pointer ?? ""),
      message: p.message,
    }));
    // Errors and warnings alike: a new route without an operationId or a 4xx fails here.
    expect(found).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it("generates a client with openapi-typescript + openapi-fetch that compiles and runs against the live API", async () => {
    const ots = (await import(pathToFileURL(require.resolve("openapi-typescript")).href)) as {
      default(doc: object, o?: object): Promise<unknown>;
      astToString(ast: unknown): string;
    };
    // Under apps/api/node_modules so that the sample resolves `openapi-fetch` as an app would.
    const work = mkdtempSync(
      join(dirname(require.resolve("openapi-fetch/package.json")), "..", ".lk-openapi-"),
    );
    try {
      writeFileSync(join(work, "api.ts"), ots.astToString(await ots.default(doc, { alphabetize: true })));
      writeFileSync(join(work, "sample.ts"), SAMPLE);
      writeFileSync(
        join(work, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            lib: ["ES2023", "DOM", "DOM.Iterable"],
            module: "ESNext",
            moduleResolution: "Bundler",
            strict: true,
            noUncheckedIndexedAccess: true,
            verbatimModuleSyntax: true,
            outDir: "out",
            types: [],
            skipLibCheck: true,
          },
          files: ["api.ts", "sample.ts"],
        }),
      );
      let out = "";
      try {
        execFileSync(process.execPath, [tscBin, "-p", join(work, "tsconfig.json")], { encoding: "utf8" });
      } catch (e) {
        out =
          `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}` || String(e);
      }
      expect(out).toBe("");

      // The compiled client against the real app, served over HTTP on a real database.
      const t = await createTestApp();
      const co = await makeCompany(t.conn, { accountsPerGroup: 2 });
      let server: ReturnType<typeof serve> | undefined;
      try {
        const base = await new Promise<string>((resolve) => {
          server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
            resolve(`http://127.0.0.1:${info.port}`),
          );
        });
        const [a0, a1] = co.accounts;
        await t.conn.db.transaction((tx) =>
          postLedger(tx, [{ accountId: a0!.id, kind: "adjustment", amount: 50_000, description: "t" }], {
            now: new Date(),
          }),
        );
        const sample = (await import(pathToFileURL(join(work, "out", "sample.js")).href)) as {
          run(base: string, login: string, password: string, from: string, to: string): Promise<unknown>;
        };
        const res = await sample.run(base, co.admin.login, co.admin.password, a0!.id, a1!.id);
        expect(res).toMatchObject({
          accounts: co.accounts.length,
          transfer: 201,
          replay: { status: 201, replayed: "true", same: true },
          withoutKey: { status: 400, field: "header.idempotency-key" },
          operationIds: true,
        });
      } finally {
        await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
        await t.close();
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});

/** An integrator's program: typed only by the generated file, calling through openapi-fetch. */
const SAMPLE = `import createClient from "openapi-fetch";
import type { components, operations, paths } from "./api";

type Account = components["schemas"]["Account"];
type TransferBody = components["schemas"]["CreateTransferRequest"];
// Generated clients get an operations interface keyed by our operationIds.
type CreateTransfer = operations["createTransfer"];
export const keyOf = (h: CreateTransfer["parameters"]["header"]): string => h["idempotency-key"];

export async function run(base: string, login: string, password: string, from: string, to: string) {
  const api = createClient<paths>({ baseUrl: base });
  const session = await api.POST("/v1/auth/sign-in", { body: { login, password } });
  if (!session.data) throw new Error("sign-in failed: " + JSON.stringify(session.error));
  const headers = { authorization: "Bearer " + session.data.access_token };
  const accounts: Account[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.GET("/v1/accounts", { params: { query: { limit: 1000, ...(cursor ? { cursor } : {}) } }, headers });
    if (!page.data) throw new Error("accounts: " + JSON.stringify(page.error));
    accounts.push(...page.data.data);
    cursor = page.data.next_cursor ?? undefined;
  } while (cursor);
  const body: TransferBody = { from_account_id: from, targets: [{ account_id: to, amount: 10_000 }] };
  const key = "sample-" + Math.random().toString(36).slice(2);
  const first = await api.POST("/v1/transfers", { params: { header: { "idempotency-key": key } }, body, headers });
  const again = await api.POST("/v1/transfers", { params: { header: { "idempotency-key": key } }, body, headers });
  // @ts-expect-error the Idempotency-Key header is required by the contract
  const bare = await api.POST("/v1/transfers", { body, headers });
  return {
    accounts: accounts.length,
    transfer: first.response.status,
    replay: {
      status: again.response.status,
      replayed: again.response.headers.get("idempotent-replayed"),
      same: JSON.stringify(again.data) === JSON.stringify(first.data),
    },
    withoutKey: { status: bare.response.status, field: bare.error?.errors?.[0]?.field },
    operationIds: typeof keyOf === "function",
  };
}

// The types are real, not \\\`any\\\`: these must not compile.
// @ts-expect-error unknown field of Account
export const wrong1 = (a: Account) => a.balance_rubles;
// @ts-expect-error targets are required
export const wrong2: TransferBody = { from_account_id: "x" };
`;
