import { insertRecordset, type invoiceLines, type invoices, type Tx } from "@lk/db";

// The batch's invoices and lines, each table in one statement: the rows travel as one JSON
// recordset (building multi-row drizzle inserts cost more CPU than the database spent on them).

export async function insertInvoices(tx: Tx, rows: (typeof invoices.$inferInsert)[]) {
  await insertRecordset(tx, "invoices", INVOICE_COLUMNS, rows.map(invoiceRecord));
}

export async function insertLines(tx: Tx, rows: (typeof invoiceLines.$inferInsert)[]) {
  await insertRecordset(tx, "invoice_lines", LINE_COLUMNS, rows.map(lineRecord));
}

const INVOICE_COLUMNS = {
  id: "uuid",
  company_id: "uuid",
  account_id: "uuid",
  period: "char(7)",
  kind: "text",
  year: "integer",
  seq: "integer",
  number: "text",
  issued_on: "date",
  due_on: "date",
  net_amount: "bigint",
  vat_amount: "bigint",
  total_amount: "bigint",
  charged_amount: "bigint",
  run_id: "uuid",
  created_at: "timestamptz",
};
const invoiceRecord = (r: typeof invoices.$inferInsert) => ({
  id: r.id,
  company_id: r.companyId,
  account_id: r.accountId,
  period: r.period,
  kind: r.kind,
  year: r.year,
  seq: r.seq,
  number: r.number,
  issued_on: r.issuedOn,
  due_on: r.dueOn,
  net_amount: r.netAmount,
  vat_amount: r.vatAmount,
  total_amount: r.totalAmount,
  charged_amount: r.chargedAmount,
  run_id: r.runId,
  created_at: r.createdAt,
});
const LINE_COLUMNS = {
  invoice_id: "uuid",
  line_no: "integer",
  kind: "text",
  description: "text",
  service_id: "uuid",
  destination_type: "text",
  quantity: "numeric(14, 4)",
  unit: "text",
  period_from: "date",
  period_to: "date",
  net_amount: "bigint",
  vat_rate_bp: "integer",
  vat_amount: "bigint",
  total_amount: "bigint",
};
const lineRecord = (l: typeof invoiceLines.$inferInsert) => ({
  invoice_id: l.invoiceId,
  line_no: l.lineNo,
  kind: l.kind,
  description: l.description,
  service_id: l.serviceId ?? null,
  destination_type: l.destinationType ?? null,
  quantity: l.quantity,
  unit: l.unit,
  period_from: l.periodFrom,
  period_to: l.periodTo,
  net_amount: l.netAmount,
  vat_rate_bp: l.vatRateBp,
  vat_amount: l.vatAmount,
  total_amount: l.totalAmount,
});
