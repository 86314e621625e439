import { looks1c, parse1c } from "./parse-1c";
import { looksXml, parseCamt053 } from "./parse-camt";
import { type ParsedStatement, StatementFormatError } from "./types";

/** Reads a statement in whichever format it is: 1C «Клиент банка» or camt.053. */
export function parseStatement(buf: Buffer, ownAccounts: Set<string>): ParsedStatement {
  if (buf.length === 0) throw new StatementFormatError(1, "the file is empty");
  if (looks1c(buf)) return parse1c(buf, ownAccounts);
  if (looksXml(buf)) return parseCamt053(buf, ownAccounts);
  throw new StatementFormatError(
    1,
    "neither a 1C «Клиент банка» file (1CClientBankExchange) nor camt.053 XML",
  );
}
