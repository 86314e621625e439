/**
 * Node-only helpers, kept on their own subpath (`@lk/sdk/node`) so browser bundles never see node:fs.
 */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import type { Download } from "./download";

/** Streams a download to `path` without buffering it; resolves with the bytes written. */
export async function toFile(download: Download | Promise<Download>, path: string): Promise<number> {
  const { stream } = await download;
  const out = createWriteStream(path);
  await pipeline(Readable.fromWeb(stream as NodeWebStream<Uint8Array>), out);
  return out.bytesWritten;
}
