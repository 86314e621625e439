import { dateRu, periodNameRu } from "../../billing/period";
import { createPdf, fields, finish, heading, signatures, table } from "./doc";
import { type ClosingDoc, innKpp, pct, sellerParty } from "./types";
import { amountInWords, money } from "./words";

/** Акт оказанных услуг for one account and month. */
export async function renderAct(d: ClosingDoc): Promise<Buffer> {
  const doc = createPdf(`Акт № ${d.number}`);
  heading(doc, `Акт № ${d.number} от ${dateRu(d.date)}`);
  doc.text(`об оказании услуг связи за ${periodNameRu(d.period)}`, { align: "center" }).moveDown(0.5);
  fields(doc, [
    ["Исполнитель", `${d.seller.name}, ИНН/КПП ${innKpp(sellerParty(d.seller))}, ${d.seller.address}`],
    ["Заказчик", `${d.buyer.name}, ИНН/КПП ${innKpp(d.buyer)}, ${d.buyer.address}`],
    ["Основание", `Договор ${d.contract}, лицевой счёт ${d.accountNumber}`],
  ]);
  doc.moveDown(0.5);
  table(
    doc,
    [
      { title: "№", width: 22, align: "right" },
      { title: "Наименование услуги", width: 200 },
      { title: "Ед.", width: 30 },
      { title: "Кол-во", width: 45, align: "right" },
      { title: "Сумма без НДС", width: 66, align: "right" },
      { title: "Ставка", width: 36, align: "right" },
      { title: "НДС", width: 56, align: "right" },
      { title: "Всего", width: 68, align: "right" },
    ],
    d.lines.map((l, i) => [
      String(i + 1),
      l.description,
      l.unit,
      String(l.quantity).replace(".", ","),
      money(l.net),
      pct(l.rateBp),
      money(l.vat),
      money(l.total),
    ]),
  );
  doc.font("B").text(`Итого без НДС: ${money(d.net)} руб.`, { align: "right" });
  doc.text(`Сумма НДС: ${money(d.vat)} руб.`, { align: "right" });
  doc.text(`Всего с НДС: ${money(d.total)} руб.`, { align: "right" }).font("R");
  doc.moveDown(0.5);
  doc.text(
    `Всего оказано услуг ${d.lines.length}, на сумму ${money(d.total)} руб. (${amountInWords(d.total)}), в т.ч. НДС ${money(d.vat)} руб.`,
  );
  doc.text(
    "Вышеперечисленные услуги оказаны полностью и в срок. Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.",
  );
  signatures(doc, ["Исполнитель", d.seller.director], ["Заказчик", "_______________"]);
  return finish(doc);
}
