// `cem analyze` reads the JSDoc (@attr, @fires, @csspart, @cssprop, @slot) of each element class.
export default {
  globs: ["src/lk-*/lk-*.ts", "src/base/payment-base.ts", "src/events.ts"],
  exclude: ["src/**/*.test.ts", "src/**/*.styles.ts"],
  outdir: ".",
  litelement: true,
};
