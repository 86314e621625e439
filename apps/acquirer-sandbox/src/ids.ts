import { randomBytes } from "node:crypto";

// Random bytes are drawn from the CSPRNG in blocks and handed out 12 at a time (as node's
// randomUUID does): one call into the CSPRNG per ~340 ids instead of one per id. Each byte is
// used once.
const BLOCK = 4096;
const ID_BYTES = 12;
let pool = Buffer.alloc(0);
let offset = 0;

/** Unguessable ids (96 random bits): the hosted page URL is the only credential a payer has. */
export function newId(prefix: "pay" | "rf" | "evt" | "tok"): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(BLOCK);
    offset = 0;
  }
  const hex = pool.toString("hex", offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return `${prefix}_${hex}`;
}
