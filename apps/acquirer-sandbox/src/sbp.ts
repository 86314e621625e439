import { randomBytes } from "node:crypto";

/**
 * SBP (Faster Payments System) test banks and QR links, as the sandbox plays them.
 *
 * A dynamic SBP QR code carries a link in the shape of the national one:
 *   https://qr.nspk.ru/<32-character QR id>?type=02&bank=<payee's bank, 12 digits>&sum=<kopecks>&cur=RUB&crc=<4 hex>
 * (type=01 is a static, reusable code; 02 a dynamic one for one payment with a fixed sum.) On a phone
 * the link itself opens a bank's app; in the sandbox its host is the sandbox's «bank app» page
 * unless ACQUIRER_SBP_LINK_BASE says otherwise.
 */
export type SbpBankBehaviour = "confirm" | "decline" | "silent";

export interface SbpBank {
  /** NSPK member id format (12 digits); these are test ids, not real banks'. */
  id: string;
  name: { ru: string; en: string };
  behaviour: SbpBankBehaviour;
}

export const SBP_BANKS: readonly SbpBank[] = [
  { id: "100000000901", name: { ru: "Тестбанк", en: "Testbank" }, behaviour: "confirm" },
  { id: "100000000902", name: { ru: "Банк «Зелёный»", en: "Green Bank" }, behaviour: "confirm" },
  { id: "100000000903", name: { ru: "Банк «Отказ»", en: "Decline Bank" }, behaviour: "decline" },
  { id: "100000000904", name: { ru: "Банк «Молчун»", en: "Silent Bank" }, behaviour: "silent" },
];

/** The bank the sandbox acquirer's shops are paid into: `bank=` of every link. */
export const SBP_PAYEE_BANK = "100000000900";

export const sbpBank = (id: string) => SBP_BANKS.find((b) => b.id === id);

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** "AD" (dynamic) + 30 characters of [0-9A-Z]: 32 characters, as NSPK QR ids are. */
export function newQrId(): string {
  const bytes = randomBytes(30);
  let id = "AD";
  for (const b of bytes) id += ALPHABET[b % 36];
  return id;
}

/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) of the link before "&crc=", four upper-case hex
 * digits. The national link's crc is computed by NSPK by its own rules; receivers pass it through,
 * and the sandbox only needs it to be a stable checksum of the rest.
 */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, "utf8")) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

/** The QR's link: `<base>/<qrId>?type=02&bank=…&sum=<kopecks>&cur=RUB&crc=…`. */
export function sbpLink(base: string, qrId: string, amount: number): string {
  const head = `${base.replace(/\/$/, "")}/${qrId}?type=02&bank=${SBP_PAYEE_BANK}&sum=${amount}&cur=RUB`;
  return `${head}&crc=${crc16(head)}`;
}
