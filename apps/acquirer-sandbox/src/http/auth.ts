import { timingSafeEqual } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { SandboxError } from "../errors";

export type ApiEnv = { Variables: { shopId: string } };

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** HTTP Basic `shopId:secretKey`, like most acquirers' server-to-server APIs. */
export function shopAuth(secretOf: (shopId: string) => string | undefined) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    const decoded = match?.[1] ? Buffer.from(match[1], "base64").toString("utf8") : "";
    const sep = decoded.indexOf(":");
    const shopId = sep > 0 ? decoded.slice(0, sep) : "";
    const secret = shopId ? secretOf(shopId) : undefined;
    if (!secret || !safeEqual(decoded.slice(sep + 1), secret)) {
      c.header("WWW-Authenticate", 'Basic realm="acquirer-sandbox"');
      throw new SandboxError(401, "unauthorized", "Send HTTP Basic credentials shopId:secretKey");
    }
    c.set("shopId", shopId);
    await next();
  });
}
