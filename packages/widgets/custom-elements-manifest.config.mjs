// `cem analyze` reads the JSDoc (@attr, @fires, @csspart, @cssprop, @slot) of each element class.
export default {
  globs: ["src/lk-*/lk-*.ts", "src/base/payment-base.ts", "src/events.ts"],
  exclude: ["src/**/*.test.ts", "src/**/*.styles.ts"],
  outdir: ".",
  litelement: true,
  plugins: [publicApiOnly()],
};

/**
 * The analyzer lists `static properties` marked `state: true` as attributes and guesses event names
 * from `dispatchEvent(new X(arg))`; keep only public attributes and the documented `lk-*` events.
 */
function publicApiOnly() {
  return {
    name: "lk-public-api-only",
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          const hidden = new Set(
            (decl.members ?? []).filter((m) => m.privacy && m.privacy !== "public").map((m) => m.name),
          );
          if (decl.attributes) decl.attributes = decl.attributes.filter((a) => !hidden.has(a.fieldName));
          if (decl.events) decl.events = decl.events.filter((e) => e.name?.startsWith("lk-"));
        }
      }
    },
  };
}
