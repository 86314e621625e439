import { isIP } from "node:net";
import { invalidField } from "../errors/index";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** IPv4 literals of private, link-local and other non-public ranges (never a customer's server). */
function isPrivateIpv4(host: string): boolean {
  const [a, b] = host.split(".").map(Number) as [number, number];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

const bad = (en: string, ru: string) => invalidField("url", "invalid_webhook_url", { ru, en });

/**
 * A receiver URL: `https://` on a public host, or plain `http://` only to localhost / 127.0.0.1 /
 * [::1] for development. No credentials in the URL; no private-network IP literals.
 */
export function checkWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad("Not a valid URL", "Неверный URL");
  }
  const host = url.hostname.toLowerCase();
  const loopback = LOOPBACK_HOSTS.has(host);
  if (url.protocol === "http:" && !loopback)
    throw bad(
      "Use https:// (plain http:// only to localhost or 127.0.0.1, for development)",
      "Нужен https:// (http:// только для localhost или 127.0.0.1 при разработке)",
    );
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw bad("Use an https:// URL", "Нужен адрес https://");
  if (url.username || url.password)
    throw bad("The URL must not contain a login or password", "В адресе не должно быть логина и пароля");
  if (url.hash) throw bad("The URL must not contain a #fragment", "В адресе не должно быть #фрагмента");
  if (url.protocol === "https:" && !loopback) {
    const ipv6 = host.startsWith("[");
    if (ipv6 || (isIP(host) === 4 && isPrivateIpv4(host)))
      throw bad(
        "The URL must point to a public host, not a private network address",
        "Адрес должен вести на публичный сервер, а не во внутреннюю сеть",
      );
  }
  return url.toString();
}
