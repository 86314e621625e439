/**
 * The published OpenAPI document, judged by tools that are not ours:
 * - Redocly CLI (`lint`, recommended rules) says it is valid OpenAPI 3.1;
 * - openapi-typescript generates a client's types from it, and a sample program written against
 *   those types type-checks with the repository's TypeScript (and a wrong use of them does not).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocument, type OpenApiDocument } from "../src/openapi-document";

const require = createRequire(import.meta.url);
const redoclyBin = join(dirname(require.resolve("@redocly/cli/package.json")), "bin/cli.js");
const tscBin = require.resolve("typescript/bin/tsc");

/**
 * Redocly's `recommended` rules, less the ones about how we publish rather than what the document
 * says: the API is private (no licence to state), and a document built without a server names
 * localhost as its server (a running server names its own origin).
 */
const redoclyConfig = `extends:
  - recommended
rules:
  info-license: off
  no-server-example.com: off
`;

/**
 * Known errors in routes owned elsewhere, reported to their owners: public operations (no
 * credentials at all) must say so with `security: []`; without it Redocly cannot tell "public" from
 * "forgot to document the auth". New routes must not join this list; fixed ones may leave it.
 */
const KNOWN_PUBLIC_WITHOUT_SECURITY = new Set([
  "/healthz get",
  "/readyz get",
  "/.well-known/jwks.json get",
  "/v1/auth/sign-in post",
  "/v1/auth/refresh post",
  "/v1/auth/sign-out post",
  "/v1/auth/forgot-password post",
  "/v1/auth/reset-password post",
  "/v1/applications post",
  "/v1/acquirer/notifications post",
]);

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
    const errors = report.problems
      .filter((p) => p.severity === "error")
      .map((p) => ({ rule: p.ruleId, at: routeOf(p.location[0]?.pointer ?? ""), message: p.message }))
      .filter((p) => !(p.rule === "security-defined" && KNOWN_PUBLIC_WITHOUT_SECURITY.has(p.at)));
    expect(errors).toEqual([]);
    // Warnings don't fail the build, but the count is visible in the test output.
    const warnings = new Map<string, number>();
    for (const p of report.problems.filter((p) => p.severity === "warn"))
      warnings.set(p.ruleId, (warnings.get(p.ruleId) ?? 0) + 1);
    if (warnings.size) console.info(`redocly warnings: ${JSON.stringify(Object.fromEntries(warnings))}`);
  }, 60_000);

  it("generates types with openapi-typescript that a sample program type-checks against", async () => {
    const ots = (await import(pathToFileURL(require.resolve("openapi-typescript")).href)) as {
      default(doc: object, o?: object): Promise<unknown>;
      astToString(ast: unknown): string;
    };
    writeFileSync(join(dir, "api.ts"), ots.astToString(await ots.default(doc, { alphabetize: true })));
    // A hand-rolled client over fetch, typed only by the generated file.
    writeFileSync(
      join(dir, "sample.ts"),
      `import type { components, paths } from "./api";

type Account = components["schemas"]["Account"];
type AccountPage = paths["/v1/accounts"]["get"]["responses"][200]["content"]["application/json"];
type AccountQuery = NonNullable<paths["/v1/accounts"]["get"]["parameters"]["query"]>;
type TransferBody = paths["/v1/transfers"]["post"]["requestBody"]["content"]["application/json"];
type SignIn = paths["/v1/auth/sign-in"]["post"]["requestBody"]["content"]["application/json"];
type Problem = paths["/v1/accounts"]["get"]["responses"][401]["content"]["application/problem+json"];

export async function allAccounts(base: string, token: string): Promise<Account[]> {
  const out: Account[] = [];
  let cursor: string | null = null;
  do {
    const q: AccountQuery = { limit: 1000, ...(cursor ? { cursor } : {}) };
    const qs = new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]));
    const res = await fetch(\`\${base}/v1/accounts?\${qs}\`, { headers: { authorization: \`Bearer \${token}\` } });
    if (!res.ok) throw new Error(((await res.json()) as Problem).detail ?? String(res.status));
    const page = (await res.json()) as AccountPage;
    out.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

export const kopecks = (a: Account): number => a.balance_amount;
export const signIn: SignIn = { login: "buh", password: "secret" };
export const transfer = (from: Account, to: Account): TransferBody => ({
  from_account_id: from.id,
  targets: [{ account_id: to.id, amount: 15_000 }],
});
// The types are real, not \`any\`: these must not compile.
// @ts-expect-error unknown field of Account
export const wrong1 = (a: Account) => a.balance_rubles;
// @ts-expect-error targets are required
export const wrong2: TransferBody = { from_account_id: "x" };
`,
    );
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023", "DOM", "DOM.Iterable"],
          module: "ESNext",
          moduleResolution: "Bundler",
          strict: true,
          noUncheckedIndexedAccess: true,
          verbatimModuleSyntax: true,
          noEmit: true,
          types: [],
          skipLibCheck: true,
        },
        files: ["api.ts", "sample.ts"],
      }),
    );
    let out = "";
    try {
      execFileSync(process.execPath, [tscBin, "-p", join(dir, "tsconfig.json")], { encoding: "utf8" });
    } catch (e) {
      out =
        `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}` || String(e);
    }
    expect(out).toBe("");
  }, 60_000);
});
