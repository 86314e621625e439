import { BlockList, isIP } from "node:net";
import { invalidField } from "../errors/index";

/**
 * Allowed source addresses: IPv4/IPv6 addresses or CIDR blocks, normalised (`10.0.0.1` →
 * `10.0.0.1/32`). A bad entry is 400 naming `allowed_sources.N`.
 */
export function normalizeSources(input: string[]): string[] {
  const out: string[] = [];
  input.forEach((raw, n) => {
    const [addr, bits, ...rest] = raw.trim().split("/");
    const family = isIP(addr ?? "");
    const max = family === 6 ? 128 : 32;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
    if (!family || rest.length > 0 || prefix < 0 || prefix > max)
      throw invalidField(`allowed_sources.${n}`, "invalid_source", {
        ru: "Адрес или подсеть в виде 203.0.113.7, 203.0.113.0/24 или 2001:db8::/32",
        en: "An address or CIDR block such as 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32",
      });
    const entry = `${addr!.toLowerCase()}/${prefix}`;
    if (!out.includes(entry)) out.push(entry);
  });
  return out;
}

/** `::ffff:203.0.113.7` (an IPv4 client on a dual-stack socket) → `203.0.113.7`. */
function plainAddress(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

/** Whether `ip` (the client address as the API resolved it, LK_TRUST_PROXY-aware) is allowed. */
export function sourceAllowed(ip: string | null, allowed: readonly string[]): boolean {
  if (!ip) return false;
  const addr = plainAddress(ip.trim());
  const family = isIP(addr);
  if (!family) return false;
  const list = new BlockList();
  for (const entry of allowed) {
    const [net, bits] = entry.split("/");
    const f = isIP(net!);
    if (!f) continue;
    list.addSubnet(net!, Number(bits), f === 6 ? "ipv6" : "ipv4");
  }
  return list.check(addr, family === 6 ? "ipv6" : "ipv4");
}
