import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const sdkDir = resolve(import.meta.dirname, "../..");

// esbuild is tsup's dependency, not ours: load tsup's copy, typed by the slice we use.
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}

/** Bundles SDK source for the browser as one ESM file, the way an app's bundler would. */
export async function bundleForBrowser(entry = "./src/index.ts"): Promise<string> {
  const requireFromTsup = createRequire(createRequire(join(sdkDir, "package.json")).resolve("tsup"));
  const esbuild = requireFromTsup("esbuild") as Esbuild;
  const out = await esbuild.build({
    entryPoints: [join(sdkDir, entry)],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
  });
  return out.outputFiles[0]!.text;
}
