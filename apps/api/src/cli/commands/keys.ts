import { listSigningKeys, rotateSigningKey } from "@lk/core";
import { type Command, InvalidArgumentError } from "commander";
import { withCli } from "../context";

const seconds = (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError("a whole number of seconds");
  return Number(v);
};

/** A time as the operator's staff read it: in the operator's zone, named. */
const at = (d: Date | null, timeZone: string) =>
  d ? `${d.toLocaleString("sv-SE", { timeZone })} (${timeZone})` : "—";

/** `lk keys list|rotate`: the access-token signing keys (docs/operations.md, «Rotate the token-signing key»). */
export function registerKeyCommands(program: Command) {
  const keys = program.command("keys").description("access-token signing keys (JWKS)");
  keys
    .command("list")
    .description("the signing keys, newest first: signing, verifying (until when) or retired")
    .action(() =>
      withCli(async ({ ctx }) => {
        const tz = ctx.config.timeZone;
        for (const k of await listSigningKeys({ ctx }))
          console.log(
            `${k.kid}  ${k.state.padEnd(9)}  created ${at(k.created_at, tz)}  retired ${at(k.retired_at, tz)}`,
          );
      }),
    );
  keys
    .command("rotate")
    .description("a new key signs from now on; the old ones verify for --grace seconds, then retire")
    .option(
      "--grace <seconds>",
      "how long the old keys still verify (default: access-token lifetime + 60 s)",
      seconds,
    )
    .option("--retire-now", "retire the old keys at once (a key that leaked): their tokens are refused")
    .action((opts: { grace?: number; retireNow?: boolean }) =>
      withCli(async ({ ctx, config }) => {
        const res = await rotateSigningKey({ ctx, input: { graceSec: opts.retireNow ? 0 : opts.grace } });
        console.log(`new signing key ${res.kid}`);
        for (const r of res.replaced)
          console.log(`  ${r.kid} verifies until ${at(r.retired_at, ctx.config.timeZone)}`);
        console.log(
          `running instances switch to it within ${config.signingKeysRefreshMs / 1000} s (LK_SIGNING_KEYS_REFRESH_MS); no restart needed`,
        );
      }),
    );
}
