import { createHmac } from "node:crypto";

/**
 * The register's local time as АТОЛ writes it, «dd.MM.yyyy HH:mm:ss» with no zone: the zone is the
 * register's (set where it stands; here configured, Europe/Moscow by default).
 */
export function atolTime(d: Date, timeZone = "Europe/Moscow"): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(d);
  const v = (t: string) => parts.find((x) => x.type === t)?.value ?? "";
  return `${v("day")}.${v("month")}.${v("year")} ${v("hour")}:${v("minute")}:${v("second")}`;
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
    private readonly timeZone = "Europe/Moscow",
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
      receipt_datetime: atolTime(at, this.timeZone),
      fiscal_receipt_number: this.inShift,
      fiscal_document_number: this.fd,
      ecr_registration_number: this.ecrRegistrationNumber,
      fiscal_document_attribute: Number(fpd),
    };
  }
}
