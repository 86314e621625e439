import { type Context, Hono } from "hono";
import type { Payments } from "../payments";
import { langOf } from "./i18n";
import { sbpConfirmPage, sbpNotFoundPage, sbpResultPage, sbpWaitingPage } from "./sbp-views";
import { setPageSecurityHeaders } from "./security";
import type { PageContext } from "./views";

interface SbpPageDeps {
  payments: Payments;
  frameAncestors: readonly string[];
  /** Who the payer's bank shows as the payee. */
  payee: string;
}

function pageContext(c: Context): PageContext {
  const lang = langOf(c.req.query("lang"));
  return { lang, query: `?lang=${lang}`, otherLangQuery: `?lang=${lang === "en" ? "ru" : "en"}` };
}

/**
 * «The bank app»: the page an SBP QR link opens (GET /sbp/<qrId>?type=02&bank=…&sum=…&cur=RUB&crc=…,
 * the link's query is what the QR carries and is not needed here). The payer picks a test bank and
 * confirms or declines; plain HTML forms, no script.
 */
export function sbpPageRoutes({ payments, frameAncestors, payee }: SbpPageDeps) {
  const pages = new Hono();

  pages.get("/:qrId", (c) => {
    setPageSecurityHeaders(c, frameAncestors);
    const p = payments.getForSbp(c.req.param("qrId"));
    const ctx = pageContext(c);
    if (!p) return c.html(sbpNotFoundPage(ctx), 404);
    if (p.status !== "pending") return c.html(sbpResultPage(p, ctx, payee));
    if (p.sbp?.waiting) return c.html(sbpWaitingPage(p, ctx, payee));
    return c.html(sbpConfirmPage(p, ctx, payee));
  });

  pages.post("/:qrId", async (c) => {
    setPageSecurityHeaders(c, frameAncestors);
    const qrId = c.req.param("qrId");
    const p = payments.getForSbp(qrId);
    if (!p) return c.html(sbpNotFoundPage(pageContext(c)), 404);
    const form = Object.fromEntries(new URLSearchParams(await c.req.text().catch(() => "")));
    if (form.action === "decline") payments.declineSbp(p);
    else if (form.action === "confirm" && typeof form.bank === "string") payments.confirmSbp(p, form.bank);
    return c.redirect(`/sbp/${qrId}${pageContext(c).query}`, 303);
  });

  return pages;
}
