import { dateRu } from "../../billing/period";
import { primaryBankAccount } from "../../config";
import { gostQrPayload, qrPng, qrPurpose } from "../qr/gost";
import { createPdf, fields, finish, heading, signatures, table } from "./doc";
import { innKpp, type PaymentDoc, pct, sellerParty } from "./types";
import { amountInWords, money } from "./words";

/** Счёт на оплату: the operator's bank details, the lines, totals and a payment purpose. */
export async function renderPaymentInvoice(d: PaymentDoc): Promise<Buffer> {
  const doc = createPdf(`Счёт на оплату № ${d.number}`);
  const s = d.seller;
  const bank = primaryBankAccount(s);
  table(
    doc,
    [
      { title: "Банк получателя", width: 300 },
      { title: "Реквизиты", width: 223 },
    ],
    [
      [bank.bankName, `БИК ${bank.bic}\nСч. № ${bank.correspondentAccount}`],
      [`ИНН ${bank.inn}  КПП ${bank.kpp}\nПолучатель: ${bank.recipient}`, `Сч. № ${bank.account}`],
    ],
    { fontSize: 9 },
  );
  heading(doc, `Счёт на оплату № ${d.number} от ${dateRu(d.date)}`);
  fields(doc, [
    ["Поставщик", `${s.name}, ИНН/КПП ${innKpp(sellerParty(s))}, ${s.address}`],
    ["Покупатель", `${d.buyer.name}, ИНН/КПП ${innKpp(d.buyer)}, ${d.buyer.address}`],
  ]);
  doc.moveDown(0.5);
  table(
    doc,
    [
      { title: "№", width: 25, align: "right" },
      { title: "Наименование", width: 398 },
      { title: "Сумма, руб.", width: 100, align: "right" },
    ],
    d.lines.map((l, i) => [String(i + 1), l.description, money(l.amount)]),
  );
  doc.font("B").text(`Итого к оплате: ${money(d.total)} руб.`, { align: "right" });
  doc.font("R").text(`В том числе НДС (${pct(d.vatRateBp)}): ${money(d.vat)} руб.`, { align: "right" });
  doc.moveDown(0.5);
  doc.text(`Всего наименований ${d.lines.length}, на сумму ${money(d.total)} руб.`);
  doc.font("B").text(amountInWords(d.total)).font("R");
  doc.moveDown(0.5);
  fields(doc, [["Назначение платежа", d.purpose]]);
  await paymentQr(doc, d);
  signatures(doc, ["Руководитель", s.director], ["Главный бухгалтер", s.chiefAccountant]);
  return finish(doc);
}

/** The ГОСТ Р 56042 payment QR (a bank app fills the payment order from it), with its caption. */
async function paymentQr(doc: ReturnType<typeof createPdf>, d: PaymentDoc) {
  const payload = gostQrPayload({ operator: d.seller, purpose: qrPurpose(d.purpose), sum: d.total });
  const size = 110;
  doc.moveDown(0.5);
  if (doc.y + size > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
  const x = doc.page.margins.left;
  const y = doc.y;
  doc.image(await qrPng(payload), x, y, { width: size, height: size });
  doc.text(
    "Отсканируйте код в приложении банка: реквизиты, сумма и назначение платежа заполнятся сами (ГОСТ Р 56042-2014).",
    x + size + 10,
    y + size / 2 - 12,
    { width: 300 },
  );
  doc.x = x;
  doc.y = y + size + 6;
}
