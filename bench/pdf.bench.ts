import { defaultCoreConfig } from "@lk/core";
import { renderAct } from "../packages/core/src/documents/pdf/act";
import type { ClosingDoc } from "../packages/core/src/documents/pdf/types";
import { renderVatInvoice } from "../packages/core/src/documents/pdf/vat-invoice";
import { fmt } from "./db";

// PDF rendering speed for a 200-line document (an act and a VAT invoice), documents per second.
export default async function run() {
  const n = Number(process.env.BENCH_PDF_DOCS ?? 20);
  const lines = Array.from({ length: 200 }, (_, i) => ({
    description: `Абонентская плата «Бизнес», +7495${String(1_000_000 + i)}`,
    unit: "мес.",
    quantity: 1,
    net: 100_000 + i,
    rateBp: 2200,
    vat: Math.round((100_000 + i) * 0.22),
    total: 100_000 + i + Math.round((100_000 + i) * 0.22),
  }));
  const doc: ClosingDoc = {
    number: "2026-000001",
    date: "2026-10-31",
    period: "2026-10",
    seller: defaultCoreConfig.operator,
    buyer: { name: "ООО «Ромашка»", inn: "7736207543", kpp: "773601001", address: "г. Москва" },
    accountNumber: "770000000001",
    contract: "Д-1001",
    lines,
    net: lines.reduce((s, l) => s + l.net, 0),
    vat: lines.reduce((s, l) => s + l.vat, 0),
    total: lines.reduce((s, l) => s + l.total, 0),
  };
  await renderAct(doc); // warm-up: fonts, JIT
  for (const [name, render] of [
    ["act", renderAct],
    ["vat invoice", renderVatInvoice],
  ] as const) {
    const t0 = performance.now();
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes += (await render(doc)).length;
    const s = (performance.now() - t0) / 1000;
    console.log(
      `${name}, 200 lines: ${fmt(n / s, 1)} documents/s (${fmt((s / n) * 1000, 0)} ms each, ${fmt(bytes / n / 1024, 0)} KB)`,
    );
  }
}
