import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFilename } from "../src/download";
import { createClient, NotFoundError } from "../src/index";
import { toFile } from "../src/node";
import { problem, startServer, type TestServer } from "./helpers/server";

const ROWS = 200_000;
let srv: TestServer;
const dir = mkdtempSync(join(tmpdir(), "lk-sdk-dl-"));

beforeAll(async () => {
  srv = await startServer({
    // Streams rows in chunks, slower than the client's per-attempt timeout: the stream must survive it.
    "GET /v1/calls/export": (q, res) => {
      res.writeHead(200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="calls.csv"; filename*=UTF-8''${encodeURIComponent("звонки 2026-01.csv")}`,
      });
      res.write(`id,account_id\n`);
      let i = 0;
      const tick = () => {
        const chunk: string[] = [];
        for (let k = 0; k < 50_000 && i < ROWS; k++)
          chunk.push(`${++i},${q.url.searchParams.get("account_id")}\n`);
        res.write(chunk.join(""));
        if (i < ROWS) setTimeout(tick, 60);
        else res.end();
      };
      tick();
    },
    "GET /v1/invoices/inv_1/pdf": (_q, res) => {
      const pdf = Buffer.from("%PDF-1.7\n%fake\n");
      res.writeHead(200, {
        "content-type": "application/pdf",
        "content-length": String(pdf.length),
        "content-disposition": 'attachment; filename="invoice-1.pdf"',
      });
      res.end(pdf);
    },
    "GET /v1/invoices/missing/pdf": (_q, res) => problem(res, 404, { code: "invoice_not_found" }),
  });
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("downloads", () => {
  it("streams an export to a file past the per-attempt timeout", async () => {
    const lk = createClient({ baseUrl: srv.url, timeoutMs: 100 });
    const dl = await lk.calls.export({ account_id: "acc_7", format: "csv" });
    expect(dl.filename).toBe("звонки 2026-01.csv");
    expect(dl.contentType).toMatch(/^text\/csv/);
    expect(dl.size).toBeUndefined();
    const path = join(dir, "calls.csv");
    const bytes = await toFile(dl, path);
    expect(statSync(path).size).toBe(bytes);
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines.at(-1)).toBe(`${ROWS},acc_7`);
  });

  it("downloads a PDF with its size and name", async () => {
    const lk = createClient({ baseUrl: srv.url });
    const dl = await lk.invoices.pdf("inv_1");
    expect(dl).toMatchObject({ filename: "invoice-1.pdf", contentType: "application/pdf", size: 15 });
    const text = await new Response(dl.stream).text();
    expect(text.startsWith("%PDF")).toBe(true);
    await expect(lk.invoices.pdf("missing")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("cancels a stream with the caller's signal", async () => {
    const ac = new AbortController();
    const lk = createClient({ baseUrl: srv.url });
    const dl = await lk.calls.export({}, { signal: ac.signal });
    const reader = dl.stream.getReader();
    await reader.read();
    ac.abort();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return "done";
      })(),
    ).rejects.toThrow();
  });

  it("parses Content-Disposition variants", () => {
    expect(parseFilename('attachment; filename="a \\"b\\".pdf"')).toBe('a "b".pdf');
    expect(parseFilename("attachment; filename=plain.csv")).toBe("plain.csv");
    expect(parseFilename("attachment; filename*=UTF-8''%D0%B0.pdf; filename=\"a.pdf\"")).toBe("а.pdf");
    expect(parseFilename(null)).toBeUndefined();
  });
});
