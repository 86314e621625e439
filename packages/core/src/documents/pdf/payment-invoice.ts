import { dateRu } from "../../billing/period";
import { primaryBankAccount } from "../../config";
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
  signatures(doc, ["Руководитель", s.director], ["Главный бухгалтер", s.chiefAccountant]);
  return finish(doc);
}
