import type { DestinationType } from "@lk/db";

/**
 * A phone number as the switch writes it → E.164 (`+` and 5–15 digits), or null. Russian
 * spellings (8XXXXXXXXXX, 10 digits) become +7…; an international `00` prefix becomes `+`.
 */
export function normalizeNumber(input: string): string | null {
  const s = input.replace(/[\s()\-.]/g, "");
  let digits: string;
  if (s.startsWith("+")) digits = s.slice(1);
  else if (s.startsWith("00")) digits = s.slice(2);
  else if (/^8\d{10}$/.test(s)) digits = `7${s.slice(1)}`;
  else if (/^\d{10}$/.test(s)) digits = `7${s}`;
  else digits = s;
  return /^\d{5,15}$/.test(digits) ? `+${digits}` : null;
}

/** Russian mobile ranges are +79…; the area code is the three digits after +7. */
const isRussian = (n: string) => n.startsWith("+7") && n.length === 12;

/**
 * What kind of call this is by the remote number (the callee of an outgoing call, the caller of an
 * incoming one): abroad, a Russian mobile, the same area code as our line, or another city.
 */
export function classifyDestination(line: string, remote: string): DestinationType {
  if (!isRussian(remote)) return "international";
  if (remote[2] === "9") return "mobile";
  if (isRussian(line) && line.slice(2, 5) === remote.slice(2, 5)) return "local";
  return "long_distance";
}
