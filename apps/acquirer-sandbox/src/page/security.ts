import type { Context } from "hono";

/**
 * Strict CSP for the hosted page: no inline code at all, framing allowed only where configured.
 * form-action must also list the return_url origin, because Chromium applies it to the redirect
 * that follows a form post.
 */
export function setPageSecurityHeaders(
  c: Context,
  frameAncestors: readonly string[],
  returnUrl?: string,
): void {
  const formAction = ["'self'"];
  if (returnUrl) formAction.push(new URL(returnUrl).origin);
  c.header(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      "base-uri 'none'",
      "object-src 'none'",
      `form-action ${formAction.join(" ")}`,
      `frame-ancestors ${frameAncestors.join(" ")}`,
    ].join("; "),
  );
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "no-referrer");
  c.header("Cache-Control", "no-store");
}

/** Whether the page is shown inside an iframe (Sec-Fetch-Dest, or the field/flag page.js or the embedder set). */
export function isEmbedded(c: Context, form?: Record<string, unknown>): boolean {
  return (
    c.req.header("Sec-Fetch-Dest") === "iframe" || form?.embedded === "1" || c.req.query("embed") === "1"
  );
}
