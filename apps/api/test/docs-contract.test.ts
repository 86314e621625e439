/**
 * The docs say what the product does, checked:
 * - every ```json block in README.md and docs/ names the schema it illustrates in a comment on the line
 *   before it (`<!-- schema: Payment -->`, `<!-- schema: webhook payment.succeeded -->`) and is valid
 *   against that schema in the OpenAPI document — strictly: a field the schema does not have fails,
 *   so a renamed field (`allocations` → `items`) cannot survive in an example;
 * - every `pnpm lk …` command exists in the CLI's command tree, every `pnpm <script>` in its package;
 * - every LK_/ACQUIRER_/CASH_REGISTER_/BENCH_/DATABASE_/SMTP_ variable the docs name is read somewhere.
 * The validator: ./openapi-validator.ts (Ajv as Redocly's tooling already brings it).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { Command } from "commander";
import { beforeAll, describe, expect, it } from "vitest";
import { registerCommands } from "../src/cli/commands/index";
import { buildOpenApiDocument } from "../src/openapi-document";
import { errorLines, openApiValidator, type Validate } from "./openapi-validator";

const root = join(import.meta.dirname, "../../..");
const docFiles = [
  join(root, "README.md"),
  ...walk(join(root, "docs")).filter((f) => f.endsWith(".md") && !f.includes("/adr/")),
];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

interface Block {
  where: string;
  marker: string | undefined;
  text: string;
}

function jsonBlocks(): Block[] {
  const out: Block[] = [];
  for (const file of docFiles) {
    const lines = readFileSync(file, "utf8").split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.trim() !== "```json") continue;
      let j = i + 1;
      while (j < lines.length && lines[j]!.trim() !== "```") j++;
      let k = i - 1;
      while (k >= 0 && lines[k]!.trim() === "") k--;
      const marker = /^<!--\s*schema:\s*(.+?)\s*-->$/.exec(lines[k]?.trim() ?? "")?.[1];
      out.push({ where: `${relative(root, file)}:${i + 1}`, marker, text: lines.slice(i + 1, j).join("\n") });
      i = j;
    }
  }
  return out;
}

let validatorFor: (marker: string) => Validate;

beforeAll(async () => {
  validatorFor = openApiValidator(await buildOpenApiDocument());
});

describe("JSON examples in the docs", () => {
  const blocks = jsonBlocks();

  it("are found (the test reads the docs it claims to)", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(10);
  });

  it("each names its schema, parses, and is valid against it (no unknown fields)", () => {
    const problems: string[] = [];
    for (const b of blocks) {
      if (!b.marker) {
        problems.push(`${b.where}: no <!-- schema: … --> comment before the block`);
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(b.text);
      } catch (e) {
        problems.push(`${b.where}: not JSON (${(e as Error).message})`);
        continue;
      }
      const v = validatorFor(b.marker);
      if (!v(value)) problems.push(`${b.where} (${b.marker}): ${errorLines(v).join("; ")}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("commands and variables the docs name", () => {
  const text = docFiles.map((f) => ({ file: relative(root, f), body: readFileSync(f, "utf8") }));

  it("every `pnpm lk …` command is in the CLI's command tree", () => {
    const program = new Command();
    registerCommands(program);
    const missing: string[] = [];
    for (const { file, body } of text) {
      for (const m of body.matchAll(/pnpm lk ((?:[a-z][a-z0-9-]*)(?: [a-z][a-z0-9-]*)*)/g)) {
        let cmd: Command = program;
        const words = m[1]!.split(" ");
        for (const w of words) {
          const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
          if (sub) cmd = sub;
          else if (cmd === program || (cmd.commands.length > 0 && cmd.registeredArguments.length === 0)) {
            missing.push(`${file}: pnpm lk ${m[1]} (no "${w}")`);
            break;
          } else break; // an argument of a leaf command
        }
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it("every `pnpm <script>`, `pnpm --filter <pkg> <script>` and `pnpm -C <dir> <script>` exists", () => {
    const scriptsOf = (dir: string) =>
      Object.keys(
        (JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as { scripts?: object }).scripts ??
          {},
      );
    const pkgDirs = new Map<string, string>();
    for (const parent of ["apps", "packages"])
      for (const n of readdirSync(join(root, parent))) {
        try {
          const pj = JSON.parse(readFileSync(join(root, parent, n, "package.json"), "utf8")) as {
            name: string;
          };
          pkgDirs.set(pj.name, `${parent}/${n}`);
        } catch {
          // not a package
        }
      }
    // pnpm's own commands, which run no script.
    const builtins = new Set([
      "install",
      "add",
      "exec",
      "dlx",
      "run",
      "i",
      "why",
      "list",
      "outdated",
      "update",
    ]);
    // `pnpm <bin>` runs a local binary (vitest, tsx, biome, …).
    const bins = new Set(readdirSync(join(root, "node_modules/.bin")));
    const missing: string[] = [];
    for (const { file, body } of text) {
      for (const m of body.matchAll(/\bpnpm (?:(?:--filter|-F) (\S+) |-C (\S+) )?([a-z][a-z0-9:-]*)/g)) {
        const [, filter, dirArg, script] = m;
        if (builtins.has(script!) || bins.has(script!) || script === "lk") continue;
        const dir = filter ? pkgDirs.get(filter) : (dirArg ?? ".");
        if (!dir) {
          missing.push(`${file}: ${m[0]} (no package ${filter})`);
          continue;
        }
        if (!scriptsOf(dir).includes(script!)) missing.push(`${file}: ${m[0]}`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it("every LK_/ACQUIRER_/CASH_REGISTER_/BENCH_/DATABASE_/SMTP_ variable is read by some code", () => {
    const sources = [
      ...["apps", "packages"].flatMap((p) =>
        readdirSync(join(root, p)).flatMap((n) =>
          ["src", "scripts", "bench"].flatMap((d) => {
            try {
              return walk(join(root, p, n, d));
            } catch {
              return [];
            }
          }),
        ),
      ),
      ...walk(join(root, "scripts")),
      ...walk(join(root, "bench")),
      ...walk(join(root, "docs/examples")),
      ...walk(join(root, "test")),
      ...readdirSync(join(root, "apps")).flatMap((n) => {
        try {
          return walk(join(root, "apps", n, "test"));
        } catch {
          return [];
        }
      }),
    ].filter((f) => /\.(ts|mts|js|mjs|sh)$/.test(f));
    // Names the docs give the reader's own variables in code examples, not settings of ours.
    const readersOwn = new Set(["LK_API_KEY", "LK_WHSEC"]);
    const code = sources.map((f) => readFileSync(f, "utf8")).join("\n");
    const missing = new Set<string>();
    for (const { file, body } of text)
      for (const m of body.matchAll(
        /\b(?:LK|ACQUIRER|CASH_REGISTER|BENCH|DATABASE|SMTP)_[A-Z0-9_]*[A-Z0-9]\b/g,
      ))
        if (!readersOwn.has(m[0]) && !code.includes(m[0])) missing.add(`${file}: ${m[0]}`);
    expect([...missing]).toEqual([]);
  });
});
