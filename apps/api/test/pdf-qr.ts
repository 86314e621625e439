import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";

// Reading a PDF the way a person's phone or eyes would: each page rasterised by poppler's pdftoppm
// and searched by a QR reader (jsQR), or its text pulled out by pdftotext.

/** Every QR code found on the PDF's pages (one per page), decoded. */
export function qrCodesOf(pdf: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), "lk-qr-"));
  try {
    const file = join(dir, "doc.pdf");
    writeFileSync(file, pdf);
    execFileSync("pdftoppm", ["-r", "150", "-png", file, join(dir, "page")]);
    const found: string[] = [];
    for (const name of readdirSync(dir)
      .filter((n) => n.startsWith("page"))
      .sort()) {
      const png = PNG.sync.read(readFileSync(join(dir, name)));
      const code = jsQR(
        new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
        png.width,
        png.height,
      );
      if (code) found.push(code.data);
    }
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text as pdftotext lays it out. */
export function pdfText(pdf: Buffer): string {
  return execFileSync("pdftotext", ["-layout", "-", "-"], { input: pdf }).toString("utf8");
}
