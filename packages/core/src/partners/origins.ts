import { invalidField } from "../errors/index";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An allowed origin as browsers send it in `Origin`: `https://host[:port]`, or plain `http://` only
 * for localhost / 127.0.0.1 (development). No path, query, credentials or wildcard.
 */
export function normalizeOrigin(raw: string, field = "origins"): string {
  const bad = (en: string, ru: string) => invalidField(field, "invalid_origin", { ru, en });
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw bad(`Not an origin: ${raw}`, `Это не origin: ${raw}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw bad("Use https://host[:port]", "Нужен https://host[:port]");
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname))
    throw bad(
      "Plain http:// only for localhost or 127.0.0.1; use https://",
      "http:// только для localhost или 127.0.0.1; нужен https://",
    );
  if (url.username || url.password || (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash)
    throw bad(
      "An origin is scheme://host[:port], without a path, query or credentials",
      "Origin — это scheme://host[:port], без пути, параметров и учётных данных",
    );
  return url.origin;
}

export function normalizeOrigins(raw: string[]): string[] {
  return [...new Set(raw.map((o, i) => normalizeOrigin(o, `origins.${i}`)))];
}
