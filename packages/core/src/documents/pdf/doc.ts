import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** DejaVu, embedded: pdfkit's built-in fonts have no Cyrillic. Read once per process. */
function loadFonts() {
  fonts ??= {
    regular: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")),
    bold: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")),
  };
  return fonts;
}

export type Pdf = PDFKit.PDFDocument;

export function createPdf(title: string, layout: "portrait" | "landscape" = "portrait"): Pdf {
  const f = loadFonts();
  const doc = new PDFDocument({
    size: "A4",
    layout,
    margin: 36,
    info: { Title: title, Producer: "LK Business", Creator: "LK Business" },
  });
  doc.registerFont("R", f.regular);
  doc.registerFont("B", f.bold);
  doc.font("R").fontSize(9);
  return doc;
}

/** Ends the document and collects it into one buffer. */
export function finish(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

export interface Column {
  title: string;
  width: number;
  align?: "left" | "right" | "center";
}

/** A bordered table that breaks across pages (repeating its header). */
export function table(doc: Pdf, cols: Column[], body: string[][], opts: { fontSize?: number } = {}) {
  const size = opts.fontSize ?? 8;
  const x0 = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  let y = doc.y;
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? "B" : "R").fontSize(size);
    const h =
      Math.max(...cells.map((c, i) => doc.heightOfString(c || " ", { width: cols[i]!.width - 4 }))) + 4;
    if (y + h > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
      if (!bold)
        row(
          cols.map((c) => c.title),
          true,
        );
      doc.font(bold ? "B" : "R").fontSize(size);
    }
    let x = x0;
    cells.forEach((c, i) => {
      const w = cols[i]!.width;
      doc.rect(x, y, w, h).lineWidth(0.5).stroke();
      doc.text(c, x + 2, y + 2, { width: w - 4, align: cols[i]!.align ?? "left" });
      x += w;
    });
    y += h;
  };
  row(
    cols.map((c) => c.title),
    true,
  );
  for (const r of body) row(r, false);
  doc.font("R").fontSize(9);
  doc.x = x0;
  doc.y = y + 6;
}

/** A label: value block, one per line. */
export function fields(doc: Pdf, pairs: [string, string][], size = 9) {
  for (const [k, v] of pairs) {
    doc.font("B").fontSize(size).text(`${k}: `, { continued: true }).font("R").text(v);
  }
}

export function heading(doc: Pdf, text: string, size = 13) {
  doc.font("B").fontSize(size).text(text, { align: "center" }).font("R").fontSize(9).moveDown(0.5);
}

export function signatures(doc: Pdf, left: [string, string], right: [string, string]) {
  doc.moveDown(1.5);
  const y = doc.y;
  const x0 = doc.page.margins.left;
  const half = (doc.page.width - doc.page.margins.left - doc.page.margins.right) / 2;
  doc.font("B").text(left[0], x0, y, { width: half - 10 });
  doc.font("R").text(`____________ / ${left[1]} /`, x0, doc.y + 12, { width: half - 10 });
  const yl = doc.y;
  doc.font("B").text(right[0], x0 + half, y, { width: half - 10 });
  doc.font("R").text(`____________ / ${right[1]} /`, x0 + half, doc.y + 12, { width: half - 10 });
  doc.x = x0;
  doc.y = Math.max(yl, doc.y) + 6;
}
