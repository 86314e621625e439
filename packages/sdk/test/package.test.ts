/**
 * The package as integrators get it: build with tsup, pack, install the tarball into a scratch
 * project, then import it as ESM and CJS, type-check a consumer and call a local server.
 * Builds into a temp dir, never into packages/sdk/dist, so parallel builds don't collide.
 */
import { execFile } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entries } from "../tsup.config";
import { json, problem, startServer, type TestServer } from "./helpers/server";

const run = promisify(execFile);
const sdkDir = resolve(import.meta.dirname, "..");
const repoRoot = resolve(sdkDir, "../..");
const work = mkdtempSync(join(tmpdir(), "lk-sdk-pkg-"));
const pkgDir = join(work, "pkg");
const app = join(work, "app");
let srv: TestServer;

const consumer = (kind: "esm" | "cjs") => `
${kind === "esm" ? 'import { createClient, NotFoundError } from "@lk/sdk";\nimport { createTransport } from "@lk/sdk/core";\nimport { accounts } from "@lk/sdk/accounts";' : 'const { createClient, NotFoundError } = require("@lk/sdk");\nconst { createTransport } = require("@lk/sdk/core");\nconst { accounts } = require("@lk/sdk/accounts");'}
(async () => {
  const lk = createClient({ baseUrl: process.env.LK_URL, auth: "sk_test_pkg" });
  const all = await lk.accounts.list({ limit: 2 }).toArray();
  const one = accounts(createTransport({ baseUrl: process.env.LK_URL }));
  let notFound = false;
  try { await one.get("nope"); } catch (e) { notFound = e instanceof NotFoundError && e.code === "account_not_found"; }
  console.log(JSON.stringify({ ids: all.map((a) => a.id), notFound }));
})();
`;

const typed = `
import { createClient, type LkError, ValidationError, type Page } from "@lk/sdk";
import { createTransport, type CallOptions } from "@lk/sdk/core";
import { calls } from "@lk/sdk/calls";
import { verifyWebhook } from "@lk/sdk/webhooks";
import { toFile } from "@lk/sdk/node";

export async function main(): Promise<void> {
  const lk = createClient({ baseUrl: "http://x", auth: { accessToken: "a", refreshToken: "r" }, deadlineMs: 10_000 });
  const opts: CallOptions = { idempotencyKey: "k", signal: AbortSignal.timeout(1000) };
  const payment = await lk.payments.create({ items: [{ account_id: "acc_1", amount: 100 }], method: "card" }, opts);
  const id: string = payment.id;
  const page: Page<{ id: string }> = await lk.accounts.list({ limit: 10 }).firstPage();
  for await (const call of calls(createTransport()).list({ from: new Date() })) console.log(call.id, id, page.hasMore);
  const event = await verifyWebhook<{ type: string }>("{}", new Headers(), "whsec_x");
  const t: string = event.type;
  await toFile(lk.invoices.pdf("inv_1"), "/tmp/x.pdf");
  try { await lk.auth.me(); } catch (e) { if (e instanceof ValidationError) console.log(e.fields[0]?.field, t); const l = e as LkError; console.log(l.requestId); }
  // @ts-expect-error unknown resource
  lk.nope;
}
`;

beforeAll(async () => {
  srv = await startServer({
    "GET /v1/accounts": (_q, res) =>
      json(res, 200, { data: [{ id: "acc_1" }, { id: "acc_2" }], next_cursor: null }),
    "GET /v1/accounts/nope": (_q, res) => problem(res, 404, { code: "account_not_found" }),
  });
  mkdirSync(pkgDir, { recursive: true });
  await run(join(sdkDir, "node_modules/.bin/tsup"), ["--out-dir", join(pkgDir, "dist")], { cwd: sdkDir });
  copyFileSync(join(sdkDir, "package.json"), join(pkgDir, "package.json"));
  await run("pnpm", ["pack", "--pack-destination", work], { cwd: pkgDir });
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"))!;
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "scratch", private: true }));
  await run("npm", ["install", "--offline", "--no-audit", "--no-fund", join(work, tarball)], { cwd: app });
}, 180_000);

afterAll(async () => {
  await srv?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("packed @lk/sdk", () => {
  it("has zero runtime dependencies and ships only dist", () => {
    const installed = JSON.parse(readFileSync(join(app, "node_modules/@lk/sdk/package.json"), "utf8")) as {
      dependencies?: object;
    };
    expect(Object.keys(installed.dependencies ?? {})).toEqual([]);
    // publishConfig drops the monorepo's source condition: its src/ paths don't ship.
    expect(JSON.stringify(installed)).not.toContain("@lk/source");
    expect(readdirSync(join(app, "node_modules/@lk/sdk")).sort()).toEqual(["dist", "package.json"]);
    expect(readdirSync(join(app, "node_modules")).filter((f) => !f.startsWith("."))).toEqual(["@lk"]);
  });

  it("exports every subpath tsup builds, each importable as ESM and CJS", async () => {
    const pkg = JSON.parse(readFileSync(join(sdkDir, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    const built = Object.keys(entries).map((k) => (k === "index" ? "." : `./${k}`));
    expect(
      Object.keys(pkg.exports)
        .filter((k) => k !== "./package.json")
        .sort(),
    ).toEqual(built.sort());
    const resources = readdirSync(join(sdkDir, "src/resources")).map((f) => `./${f.replace(/\.ts$/, "")}`);
    expect(built).toEqual(expect.arrayContaining(resources));
    const specs = built.map((k) => `@lk/sdk${k.slice(1)}`);
    const script = `const specs = ${JSON.stringify(specs)};
      for (const s of specs) { const m = await import(s); const c = require(s);
        if (Object.keys(m).length === 0 || Object.keys(c).length === 0) throw new Error("empty " + s); }
      console.log("ok");`;
    writeFileSync(
      join(app, "all.mjs"),
      `import { createRequire } from "node:module"; const require = createRequire(import.meta.url);\n${script}`,
    );
    const { stdout } = await run(process.execPath, [join(app, "all.mjs")], { cwd: app });
    expect(stdout.trim()).toBe("ok");
  });

  it.each(["esm", "cjs"] as const)("works when imported as %s", async (kind) => {
    const file = join(app, kind === "esm" ? "main.mjs" : "main.cjs");
    writeFileSync(file, consumer(kind));
    const { stdout } = await run(process.execPath, [file], {
      cwd: app,
      env: { ...process.env, LK_URL: srv.url },
    });
    expect(JSON.parse(stdout)).toEqual({ ids: ["acc_1", "acc_2"], notFound: true });
  });

  it("type-checks a consumer against the shipped declarations", async () => {
    writeFileSync(join(app, "use.ts"), typed);
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2022", "DOM", "DOM.Iterable"],
          types: [],
          skipLibCheck: false,
        },
        files: ["use.ts"],
      }),
    );
    const tsc = join(repoRoot, "node_modules/.bin/tsc");
    const result = await run(tsc, ["-p", app]).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe("");
  }, 60_000);
});
