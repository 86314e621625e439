import { dateRu } from "../../billing/period";
import { createPdf, finish, signatures, table } from "./doc";
import { type ClosingDoc, innKpp, pct, sellerParty } from "./types";
import { money } from "./words";

/**
 * Счёт-фактура with the fields of п. 5 ст. 169 НК РФ (Постановление № 1137 layout, condensed);
 * `upd` prints it as a УПД with status 1 (VAT invoice and primary document in one).
 */
export async function renderVatInvoice(d: ClosingDoc, opts: { upd?: boolean } = {}): Promise<Buffer> {
  const title = opts.upd ? "Универсальный передаточный документ" : "Счёт-фактура";
  const doc = createPdf(`${title} № ${d.number}`, "landscape");
  if (opts.upd) doc.font("B").text("Статус: 1 (счёт-фактура и передаточный документ (акт))").font("R");
  doc
    .font("B")
    .fontSize(12)
    .text(`${opts.upd ? "УПД. Счёт-фактура" : "Счёт-фактура"} № ${d.number} от ${dateRu(d.date)} (1)`);
  doc.font("R").fontSize(9).text("Исправление № — от — (1а)");
  const s = sellerParty(d.seller);
  const rows: [string, string][] = [
    ["Продавец (2)", s.name],
    ["Адрес (2а)", s.address],
    ["ИНН/КПП продавца (2б)", innKpp(s)],
    ["Грузоотправитель и его адрес (3)", "—"],
    ["Грузополучатель и его адрес (4)", "—"],
    ["К платёжно-расчётному документу № (5)", "—"],
    ["Документ об отгрузке (5а)", `№ п/п 1–${d.lines.length} № ${d.number} от ${dateRu(d.date)}`],
    ["Покупатель (6)", d.buyer.name],
    ["Адрес (6а)", d.buyer.address],
    ["ИНН/КПП покупателя (6б)", innKpp(d.buyer)],
    ["Валюта: наименование, код (7)", "Российский рубль, 643"],
    ["Идентификатор государственного контракта, договора (соглашения) (8)", "—"],
  ];
  for (const [k, v] of rows) doc.text(`${k}: ${v}`);
  doc.text(`Лицевой счёт ${d.accountNumber}, договор ${d.contract}`);
  doc.moveDown(0.5);
  table(
    doc,
    [
      { title: "Наименование товара (описание выполненных работ, оказанных услуг) (1)", width: 200 },
      { title: "Код вида товара (1б)", width: 40 },
      { title: "Ед. изм. (2, 2а)", width: 40 },
      { title: "Кол-во (3)", width: 45, align: "right" },
      { title: "Цена за ед. (4)", width: 55, align: "right" },
      { title: "Стоимость без налога (5)", width: 65, align: "right" },
      { title: "В т.ч. акциз (6)", width: 40 },
      { title: "Налоговая ставка (7)", width: 45, align: "right" },
      { title: "Сумма налога (8)", width: 60, align: "right" },
      { title: "Стоимость с налогом (9)", width: 70, align: "right" },
      { title: "Страна происх. (10)", width: 40 },
      { title: "ГТД (11)", width: 30 },
    ],
    [
      ...d.lines.map((l) => [
        l.description,
        "—",
        l.unit,
        String(l.quantity).replace(".", ","),
        l.quantity > 0 ? money(Math.round(l.net / l.quantity)) : "—",
        money(l.net),
        "без акциза",
        pct(l.rateBp),
        money(l.vat),
        money(l.total),
        "—",
        "—",
      ]),
      ["Всего к оплате (9)", "", "", "", "", money(d.net), "", "X", money(d.vat), money(d.total), "", ""],
    ],
  );
  signatures(
    doc,
    ["Руководитель организации", d.seller.director],
    ["Главный бухгалтер", d.seller.chiefAccountant],
  );
  return finish(doc);
}
