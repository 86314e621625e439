import { audit } from "../audit/audit";
import { type Ctx, requirePermission } from "../context/index";
import { enqueueMessage } from "../outbox/outbox";
import { receiptNo } from "../receipts/number";
import { receiptOf } from "./query";
import { receiptSms, receiptText } from "./receipt";

/**
 * Sends a copy of a paid payment's receipt to an e-mail and/or a phone, from the payment's page
 * («если указать … номер мобильного или адрес электронной почты, можно получить чек»): the same
 * text as the download, with the registered fiscal receipt's PDF attached, and the SMS the payer
 * got. Through the outbox, in one transaction with its audit row. Only who may pay may send one
 * (it writes to an address the caller types).
 */
export async function sendPaymentReceipt({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; email?: string | undefined; phone?: string | undefined };
}) {
  requirePermission(ctx, "payments:write");
  const { p, list } = await receiptOf(ctx, input.id);
  const sell = list.find((f) => f.row.kind === "sell")?.row;
  const registered = sell?.status === "registered" ? sell : undefined;
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    if (input.email)
      await enqueueMessage(
        tx,
        {
          channel: "email",
          recipient: input.email,
          subject: registered
            ? `Кассовый чек № ${receiptNo(registered.number)} / Fiscal receipt`
            : "Квитанция об оплате / Payment receipt",
          body: receiptText(p, ctx.config.operator, ctx.config.timeZone, list),
          kind: "payment_receipt",
          companyId: p.companyId,
          attachment: registered ? { kind: "receipt_pdf", receipt_id: registered.id } : null,
        },
        now,
      );
    if (input.phone)
      await enqueueMessage(
        tx,
        {
          channel: "sms",
          recipient: input.phone,
          body: receiptSms(p, sell?.number ?? null),
          kind: "payment_receipt",
          companyId: p.companyId,
        },
        now,
      );
    await audit(tx, ctx, {
      action: "payment.receipt_sent",
      entityType: "payment",
      entityId: p.id,
      data: { email: input.email ?? null, phone: input.phone ?? null },
    });
  });
  return { email: input.email ?? null, phone: input.phone ?? null };
}
