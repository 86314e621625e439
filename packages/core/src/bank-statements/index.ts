export { sourceDocument } from "./credit";
export { type ImportReport as BankImportReport, importBankStatement } from "./import";
export { accountRefsIn, invoiceNumbersIn } from "./match";
export { parseStatement } from "./parse";
export { bankDocumentView, listBankQueue, resolveBankDocument } from "./queue";
export { StatementFormatError } from "./types";
export { distributeUnallocated, getUnallocated } from "./unallocated";
