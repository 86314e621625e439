import iconv from "iconv-lite";

// Bank statements made by tests (1C «Клиент банка» in its three encodings, and camt.053), shared by
// the API's statement tests and the portal's browser tests that put money on a company by a real
// import through the operator API.

export const OWN = "40702810500000001234"; // the operator's demo account (LK_OPERATOR_BANK_ACCOUNTS unset)
export const BIC = "044525225";

export interface Doc {
  number: string;
  date: string; // DD.MM.YYYY
  amount: string; // "1500.00"
  payerInn?: string;
  payerAccount?: string;
  purpose: string;
  to?: string;
}

export function make1c(
  docs: Doc[],
  enc: "Windows" | "DOS" | "UTF-8" = "Windows",
  opts: { cut?: boolean; declared?: string } = {},
) {
  const lines = [
    "1CClientBankExchange",
    "ВерсияФормата=1.03",
    `Кодировка=${opts.declared ?? enc}`,
    "Отправитель=Бухгалтерия предприятия",
    "Получатель=",
    "ДатаСоздания=07.12.2026",
    "ДатаНачала=01.12.2026",
    "ДатаКонца=07.12.2026",
    `РасчСчет=${OWN}`,
    "СекцияРасчСчет",
    `РасчСчет=${OWN}`,
    "КонецРасчСчет",
  ];
  for (const d of docs)
    lines.push(
      "СекцияДокумент=Платежное поручение",
      `Номер=${d.number}`,
      `Дата=${d.date}`,
      `Сумма=${d.amount}`,
      `ПлательщикСчет=${d.payerAccount ?? "40702810900000000001"}`,
      "Плательщик=ООО «Плательщик»",
      `ПлательщикИНН=${d.payerInn ?? ""}`,
      `ПолучательСчет=${d.to ?? OWN}`,
      "Получатель=ПАО «ТелеКом»",
      "ПолучательИНН=7707049388",
      `ПолучательБИК=${BIC}`,
      `ДатаПоступило=${d.date}`,
      `НазначениеПлатежа=${d.purpose}`,
      "КонецДокумента",
    );
  if (!opts.cut) lines.push("КонецФайла");
  const text = lines.join("\r\n");
  return enc === "Windows"
    ? iconv.encode(text, "win1251")
    : enc === "DOS"
      ? iconv.encode(text, "cp866")
      : Buffer.from(text);
}

export function makeCamt(docs: Doc[]) {
  const iso = (d: string) => d.split(".").reverse().join("-");
  const entries = docs
    .map(
      (d) => `
      <Ntry>
        <Amt Ccy="RUB">${d.amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>${iso(d.date)}</Dt></BookgDt>
        <ValDt><Dt>${iso(d.date)}</Dt></ValDt>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>${d.number}</EndToEndId></Refs>
          <Amt Ccy="RUB">${d.amount}</Amt>
          <RltdPties>
            <Dbtr><Nm>ООО «Плательщик»</Nm><Id><OrgId><Othr><Id>${d.payerInn ?? ""}</Id><SchmeNm><Cd>TXID</Cd></SchmeNm></Othr></OrgId></Id></Dbtr>
            <DbtrAcct><Id><Othr><Id>${d.payerAccount ?? "40702810900000000001"}</Id></Othr></Id></DbtrAcct>
          </RltdPties>
          <RmtInf><Ustrd>${d.purpose}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>`,
    )
    .join("");
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>1</MsgId><CreDtTm>2026-12-07T10:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>S1</Id>
      <Acct><Id><Othr><Id>${OWN}</Id></Othr></Id><Ccy>RUB</Ccy></Acct>${entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>`);
}
