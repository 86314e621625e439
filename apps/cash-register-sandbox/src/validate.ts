// What the sandbox checks in a sell / sell_refund request, as a real cloud register would refuse it
// (АТОЛ Онлайн v5, ФФД 1.2). Returns the first problem, or null.

const PAYMENT_METHODS = new Set([
  "full_prepayment",
  "prepayment",
  "advance",
  "full_payment",
  "partial_payment",
  "credit",
  "credit_payment",
]);
const VAT_TYPES = new Set([
  "none",
  "vat0",
  "vat5",
  "vat7",
  "vat10",
  "vat20",
  "vat22",
  "vat105",
  "vat107",
  "vat110",
  "vat120",
  "vat122",
]);
const SNO = new Set(["osn", "usn_income", "usn_income_outcome", "esn", "patent"]);

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const isMoney = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;
const cents = (v: number) => Math.round(v * 100);

export function validateReceipt(body: unknown): string | null {
  if (!isObj(body)) return "body must be a JSON object";
  if (typeof body.external_id !== "string" || !body.external_id || body.external_id.length > 128)
    return "external_id is required (up to 128 characters)";
  if (typeof body.timestamp !== "string" || !/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/.test(body.timestamp))
    return "timestamp must be dd.mm.yyyy HH:MM:SS";
  const r = body.receipt;
  if (!isObj(r)) return "receipt is required";
  const client = r.client;
  if (!isObj(client) || (typeof client.email !== "string" && typeof client.phone !== "string"))
    return "receipt.client.email or receipt.client.phone is required (tag 1008)";
  if (client.inn !== undefined && (typeof client.inn !== "string" || !/^(\d{10}|\d{12})$/.test(client.inn)))
    return "receipt.client.inn must be 10 or 12 digits (tag 1228)";
  if (client.inn !== undefined && typeof client.name !== "string")
    return "receipt.client.name is required with receipt.client.inn (tag 1227)";
  const company = r.company;
  if (!isObj(company)) return "receipt.company is required";
  if (typeof company.inn !== "string" || !/^(\d{10}|\d{12})$/.test(company.inn)) return "receipt.company.inn";
  if (typeof company.sno !== "string" || !SNO.has(company.sno)) return "receipt.company.sno (tag 1055)";
  if (typeof company.email !== "string") return "receipt.company.email (tag 1117)";
  if (typeof company.payment_address !== "string") return "receipt.company.payment_address (tag 1187)";
  if (!Array.isArray(r.items) || r.items.length === 0 || r.items.length > 100)
    return "receipt.items: 1 to 100";
  let itemsTotal = 0;
  for (const [n, i] of r.items.entries()) {
    if (!isObj(i)) return `receipt.items[${n}]`;
    if (typeof i.name !== "string" || !i.name || i.name.length > 128)
      return `receipt.items[${n}].name (tag 1030)`;
    if (!isMoney(i.price) || !isMoney(i.sum) || typeof i.quantity !== "number" || i.quantity <= 0)
      return `receipt.items[${n}]: price, quantity and sum`;
    if (cents(i.price * i.quantity) !== cents(i.sum)) return `receipt.items[${n}].sum ≠ price × quantity`;
    if (typeof i.payment_method !== "string" || !PAYMENT_METHODS.has(i.payment_method))
      return `receipt.items[${n}].payment_method (tag 1214)`;
    if (typeof i.payment_object !== "number" || !Number.isInteger(i.payment_object))
      return `receipt.items[${n}].payment_object (tag 1212)`;
    if (!isObj(i.vat) || typeof i.vat.type !== "string" || !VAT_TYPES.has(i.vat.type))
      return `receipt.items[${n}].vat.type (tag 1199)`;
    itemsTotal += cents(i.sum);
  }
  if (!Array.isArray(r.payments) || r.payments.length === 0) return "receipt.payments is required";
  let paid = 0;
  for (const [n, p] of r.payments.entries()) {
    if (!isObj(p) || typeof p.type !== "number" || p.type < 0 || p.type > 9 || !isMoney(p.sum))
      return `receipt.payments[${n}]`;
    paid += cents(p.sum);
  }
  if (!isMoney(r.total)) return "receipt.total (tag 1020)";
  if (cents(r.total) !== itemsTotal) return "receipt.total ≠ the sum of the items";
  if (cents(r.total) !== paid) return "receipt.total ≠ the sum of the payments";
  return null;
}
