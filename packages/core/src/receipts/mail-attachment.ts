import { type OutboxAttachment, type Queryable, receipts } from "@lk/db";
import { eq } from "drizzle-orm";
import type { OperatorDetails } from "../config";
import type { AttachmentRenderer, MailAttachment } from "../outbox/deliver";
import { loadPayment } from "../payments/load";
import { fiscalReceiptsOf } from "../payments/receipt";
import { receiptPdf } from "../payments/receipt-pdf";
import { receiptNo } from "./number";

/**
 * The outbox's attachment renderer: a fiscal receipt's e-mail carries the payment's PDF receipt
 * («chek-000123.pdf»), drawn at send time by the same builder as GET /v1/payments/{id}/receipt.pdf,
 * so the e-mailed file and the downloaded one never differ.
 */
export function mailAttachments(config: { operator: OperatorDetails; timeZone: string }): AttachmentRenderer {
  return async (ref: OutboxAttachment, db: Queryable): Promise<MailAttachment> => {
    const [r] = await db.select().from(receipts).where(eq(receipts.id, ref.receipt_id));
    const p = r ? await loadPayment(db, r.paymentId) : undefined;
    if (!r || !p) throw new Error(`receipt ${ref.receipt_id} not found`);
    return {
      filename: `chek-${receiptNo(r.number)}.pdf`,
      contentType: "application/pdf",
      content: await receiptPdf(p, config.operator, config.timeZone, await fiscalReceiptsOf(db, p.id)),
    };
  };
}
