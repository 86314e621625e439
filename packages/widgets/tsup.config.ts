import { defineConfig } from "tsup";

export default defineConfig([
  // ES modules for bundlers: one entry per element, so importing one leaves the other out.
  // Lit stays a dependency (shared with the host app); shared code goes to chunks.
  {
    entry: {
      index: "src/index.ts",
      react: "src/react.ts",
      "define/lk-pay": "src/define/lk-pay.ts",
      "define/lk-invoice-pay": "src/define/lk-invoice-pay.ts",
      // The QR path alone (lean-qr, no Lit): the portal draws the SBP code with it too.
      "qr-path": "src/qr-path.ts",
    },
    format: ["esm"],
    target: "es2021",
    platform: "browser",
    splitting: true,
    treeshake: true,
    dts: true,
    sourcemap: true,
    // Chunk names carry content hashes; remove old ones (not all of dist/: the other build writes there too).
    clean: ["**/chunk-*"],
  },
  // One file for a <script> tag: both elements, Lit included, minified. Its gzipped size is budgeted.
  {
    entry: { "lk-widgets": "src/define/all.ts" },
    format: ["iife"],
    globalName: "LkWidgets",
    target: "es2021",
    platform: "browser",
    noExternal: [/.*/],
    minify: true,
    treeshake: true,
    sourcemap: true,
    outExtension: () => ({ js: ".js" }),
  },
]);
