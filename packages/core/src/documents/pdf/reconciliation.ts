import { dateRu } from "../../billing/period";
import { createPdf, finish, heading, signatures, table } from "./doc";
import { innKpp, type ReconciliationDoc, sellerParty } from "./types";
import { money } from "./words";

/** Акт сверки взаимных расчётов, from the operator's side (debit = our sales, credit = payments). */
export async function renderReconciliation(d: ReconciliationDoc): Promise<Buffer> {
  const doc = createPdf("Акт сверки взаимных расчётов");
  heading(doc, "Акт сверки взаимных расчётов");
  doc
    .text(`за период с ${dateRu(d.from)} по ${dateRu(d.to)}`, { align: "center" })
    .text(
      `между ${d.seller.name} (ИНН/КПП ${innKpp(sellerParty(d.seller))}) и ${d.buyer.name} (ИНН/КПП ${innKpp(d.buyer)})`,
      { align: "center" },
    )
    .moveDown(0.5);
  const bal = (n: number) => (n >= 0 ? ["", money(n)] : [money(-n), ""]);
  table(
    doc,
    [
      { title: "Дата", width: 60 },
      { title: "Документ", width: 283 },
      { title: "Дебет", width: 90, align: "right" },
      { title: "Кредит", width: 90, align: "right" },
    ],
    [
      ["", "Сальдо начальное", ...bal(d.opening)],
      ...d.lines.map((l) => [
        dateRu(l.date),
        l.document,
        l.debit ? money(l.debit) : "",
        l.credit ? money(l.credit) : "",
      ]),
      ["", "Обороты за период", money(d.debit), money(d.credit)],
      ["", "Сальдо конечное", ...bal(d.closing)],
    ],
  );
  const owed = d.closing < 0;
  doc.text(
    `По данным ${d.seller.name} на ${dateRu(d.to)} задолженность ${
      d.closing === 0
        ? "отсутствует"
        : owed
          ? `в пользу ${d.seller.name} составляет ${money(-d.closing)} руб.`
          : `в пользу ${d.buyer.name} (аванс) составляет ${money(d.closing)} руб.`
    }`,
  );
  signatures(
    doc,
    [`От ${d.seller.name}`, d.seller.chiefAccountant],
    [`От ${d.buyer.name}`, "_______________"],
  );
  return finish(doc);
}
