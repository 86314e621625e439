import { strToU8, Zip, ZipDeflate } from "fflate";

// A minimal streamed SpreadsheetML writer on fflate's streaming Zip. Rows go into the sheet's
// deflate stream as they come and compressed chunks leave at once, so memory stays flat at any
// size (ADR 0022). Workbook and content types are written last, when the sheet count is known.

export type Cell = string | number;

const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
/** Excel's limit is 1 048 576 rows a sheet; a header row leaves this many for data. */
export const ROWS_PER_SHEET = 1_000_000;

const escapeXml = (s: string) =>
  s
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");

/** A, B, … Z, AA, AB, …: spreadsheet column names. */
const colName = (i: number): string =>
  (i < 26 ? "" : colName(Math.floor(i / 26) - 1)) + String.fromCharCode(65 + (i % 26));

const cellXml = (v: Cell, ref: string) =>
  typeof v === "number"
    ? `<c r="${ref}"><v>${v}</v></c>`
    : `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`;
/** Row and cell references are optional in SpreadsheetML but some readers (exceljs) need them. */
const rowXml = (cells: Cell[], n: number) =>
  `<row r="${n}">${cells.map((v, i) => cellXml(v, `${colName(i)}${n}`)).join("")}</row>`;

export async function* xlsxStream(
  sheetName: string,
  header: string[],
  batches: AsyncIterable<Cell[][]>,
): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else out.push(chunk);
  });
  function* drain() {
    if (failure) throw failure;
    while (out.length) yield out.shift()!;
  }
  const file = (name: string, text: string) => {
    const f = new ZipDeflate(name, { level: 6 });
    zip.add(f);
    f.push(strToU8(text), true);
  };

  let sheets = 0;
  let sheet: ZipDeflate | null = null;
  let rowsInSheet = 0;
  const openSheet = () => {
    sheets++;
    sheet = new ZipDeflate(`xl/worksheets/sheet${sheets}.xml`, { level: 1 });
    zip.add(sheet);
    sheet.push(
      strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}"><sheetData>${rowXml(header, 1)}`,
      ),
    );
    rowsInSheet = 0;
  };
  const closeSheet = () => sheet?.push(strToU8("</sheetData></worksheet>"), true);

  openSheet();
  for await (const batch of batches) {
    let parts: string[] = [];
    for (const r of batch) {
      if (rowsInSheet === ROWS_PER_SHEET) {
        sheet!.push(strToU8(parts.join("")));
        parts = [];
        closeSheet();
        openSheet();
      }
      rowsInSheet++;
      parts.push(rowXml(r, rowsInSheet + 1));
    }
    sheet!.push(strToU8(parts.join("")));
    yield* drain();
  }
  closeSheet();

  const ids = Array.from({ length: sheets }, (_, i) => i + 1);
  file(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>${ids
      .map(
        (i) =>
          `<sheet name="${escapeXml(i === 1 ? sheetName : `${sheetName} ${i}`)}" sheetId="${i}" r:id="rId${i}"/>`,
      )
      .join("")}</sheets></workbook>`,
  );
  file(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}">${ids
      .map((i) => `<Relationship Id="rId${i}" Type="${REL}/worksheet" Target="worksheets/sheet${i}.xml"/>`)
      .join("")}</Relationships>`,
  );
  file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${ids
      .map(
        (i) =>
          `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      )
      .join("")}</Types>`,
  );
  zip.end();
  yield* drain();
}
