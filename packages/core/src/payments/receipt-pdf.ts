import type { OperatorDetails } from "../config";
import { createPdf, finish, type Pdf } from "../documents/pdf/doc";
import { qrPng } from "../documents/qr/gost";
import { fiscalReceiptText, fnsQrString } from "../receipts/text";
import type { PaymentView } from "./load";
import { type FiscalReceipt, fiscalInOrder, paymentReceiptLines } from "./receipt";

/** The ФНС check QR's side on the page (points): ~35 mm, what the «Проверка чеков» app reads easily. */
const QR = 100;

/** Prints a block of receipt lines: the first one (its title) bold, the rest as they are. */
function block(doc: Pdf, lines: string[]) {
  const [title, ...rest] = lines;
  doc
    .font("B")
    .fontSize(11)
    .text(title ?? "");
  doc.font("R").fontSize(9);
  for (const l of rest) doc.text(l === "" ? " " : l);
}

/**
 * The downloadable receipt as a PDF: the payment (what was paid, how, the commission), then each
 * fiscal receipt with its fiscal attributes and, once registered, the ФНС check QR drawn as an image
 * (the same encoder as the invoice's ГОСТ QR) — what a payer scans to check the receipt with the
 * tax service. The text twin is receiptText(); both say the same words.
 */
export async function receiptPdf(
  p: PaymentView,
  operator: OperatorDetails,
  tz: string,
  fiscal: FiscalReceipt[] = [],
): Promise<Buffer> {
  const lines = paymentReceiptLines(p, operator, tz, fiscal);
  const doc = createPdf(lines[0]!);
  block(doc, lines);
  for (const f of fiscalInOrder(fiscal)) {
    doc.moveDown(1);
    block(doc, fiscalReceiptText(f.row, f.document, operator, tz).trimEnd().split("\n"));
    const r = f.row;
    if (r.status !== "registered" || !r.fiscalAt || !r.fnNumber || r.fdNumber === null || !r.fpd) continue;
    const payload = fnsQrString(
      {
        kind: r.kind,
        amount: r.amount,
        fiscalAt: r.fiscalAt,
        fnNumber: r.fnNumber,
        fdNumber: r.fdNumber,
        fpd: r.fpd,
      },
      tz,
    );
    doc.moveDown(0.5);
    if (doc.y + QR > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const x = doc.page.margins.left;
    const y = doc.y;
    doc.image(await qrPng(payload, 6), x, y, { width: QR, height: QR });
    doc.text(
      "Проверьте чек в приложении ФНС «Проверка чеков» или на сайте nalog.gov.ru / Check the receipt with the tax service's app",
      x + QR + 10,
      y + QR / 2 - 12,
      { width: 300 },
    );
    doc.x = x;
    doc.y = y + QR + 6;
  }
  return finish(doc);
}
