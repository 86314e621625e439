import { createHmac } from "node:crypto";

/** Moscow time (UTC+3 all year) as АТОЛ writes it: «dd.MM.yyyy HH:mm:ss». */
export function atolTime(d: Date): string {
  const m = new Date(d.getTime() + 3 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(m.getUTCDate())}.${p(m.getUTCMonth() + 1)}.${m.getUTCFullYear()} ${p(m.getUTCHours())}:${p(m.getUTCMinutes())}:${p(m.getUTCSeconds())}`;
}

/**
 * The sandbox's fiscal drive: a fixed ФН number, ФД numbers counting up, one shift, and a ФПД that
 * is a keyed hash of the document (as a real ФН signs it) — ten digits, stable for the same inputs.
 */
export class FiscalDrive {
  private fd = 0;
  private inShift = 0;
  constructor(
    readonly fnNumber = "9999078900012345",
    readonly ecrRegistrationNumber = "0000000001012345",
    private readonly key = "sandbox-fn-key",
  ) {}

  register(total: number, at: Date) {
    this.fd += 1;
    this.inShift += 1;
    const mac = createHmac("sha256", this.key)
      .update(`${this.fnNumber}|${this.fd}|${total}|${at.toISOString()}`)
      .digest();
    const fpd = String(mac.readUInt32BE(0)).padStart(10, "0");
    return {
      total,
      fns_site: "www.nalog.gov.ru",
      fn_number: this.fnNumber,
      shift_number: 1,
      receipt_datetime: atolTime(at),
      fiscal_receipt_number: this.inShift,
      fiscal_document_number: this.fd,
      ecr_registration_number: this.ecrRegistrationNumber,
      fiscal_document_attribute: Number(fpd),
    };
  }
}
