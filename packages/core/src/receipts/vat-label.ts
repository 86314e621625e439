/**
 * A VAT rate as receipts write it: «НДС 22 %» for a full settlement, the calculated rate
 * «НДС 22/122» for an advance (the VAT is inside the advance), «без НДС» for 0 with no VAT.
 */
export function vatLabel(v: { rateBp: number; calculated: boolean }): string {
  const pct = v.rateBp / 100;
  const text = Number.isInteger(pct) ? String(pct) : String(pct).replace(".", ",");
  return v.calculated ? `НДС ${text}/${100 + pct}` : `НДС ${text} %`;
}

/** АТОЛ's vat type: vat22 / vat122 (calculated), vat0. */
export function atolVatType(v: { rateBp: number; calculated: boolean }): string {
  const pct = Math.round(v.rateBp / 100);
  if (pct === 0) return "vat0";
  return v.calculated ? `vat1${String(pct).padStart(2, "0")}` : `vat${pct}`;
}
