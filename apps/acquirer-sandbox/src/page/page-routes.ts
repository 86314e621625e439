import { type Context, Hono } from "hono";
import { SandboxError } from "../errors";
import { isFinal, type Payment } from "../model";
import type { Payments } from "../payments";
import { validateCardForm } from "./card-form";
import { langOf } from "./i18n";
import { isEmbedded, setPageSecurityHeaders } from "./security";
import {
  cardFormPage,
  notFoundPage,
  type PageContext,
  processingPage,
  resultPage,
  threeDsPage,
} from "./views";

interface PageDeps {
  payments: Payments;
  now: () => Date;
  frameAncestors: readonly string[];
}

function pageContext(c: Context): PageContext {
  const lang = langOf(c.req.query("lang"));
  const embed = c.req.query("embed") === "1";
  const query = (l: string) => `?lang=${l}${embed ? "&embed=1" : ""}`;
  return { lang, query: query(lang), otherLangQuery: query(lang === "en" ? "ru" : "en") };
}

/**
 * return_url with the outcome appended, as the payer's browser is sent back. A parameter the shop
 * put there itself is kept, never overwritten: LK Business sends `?payment_id=<its own id>`, which
 * its return page looks up, so our `pay_…` must not replace it.
 */
function backUrl(p: Payment): string | undefined {
  if (!p.returnUrl) return undefined;
  const url = new URL(p.returnUrl);
  for (const [name, value] of [
    ["payment_id", p.id],
    ["status", p.status],
  ] as const)
    if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  return url.toString();
}

/** The hosted card page: plain HTML forms (post/redirect/get), JavaScript optional. */
export function pageRoutes({ payments, now, frameAncestors }: PageDeps) {
  const pages = new Hono();

  function render(c: Context, p: Payment) {
    const ctx = pageContext(c);
    if (p.status === "pending" && p.processingSince) return c.html(processingPage(p, ctx));
    if (p.status === "pending") return c.html(cardFormPage(p, ctx, { errors: {}, holder: "", expiry: "" }));
    if (p.status === "requires_action") return c.html(threeDsPage(p, ctx));
    return c.html(resultPage(p, ctx, backUrl(p), !isEmbedded(c)));
  }

  /** After a post: back to the shop when it is over and we are on top, else show the page again. */
  function afterPost(c: Context, p: Payment, form: Record<string, unknown>) {
    const back = backUrl(p);
    if (isFinal(p.status) && back && !isEmbedded(c, form)) return c.redirect(back, 303);
    return c.redirect(`/pay/${p.id}${pageContext(c).query}`, 303);
  }

  pages.get("/:id", (c) => {
    const p = payments.getForPage(c.req.param("id"));
    setPageSecurityHeaders(c, frameAncestors, p?.returnUrl);
    if (!p) return c.html(notFoundPage(pageContext(c)), 404);
    return render(c, p);
  });

  pages.post("/:id", async (c) => {
    const p = payments.getForPage(c.req.param("id"));
    setPageSecurityHeaders(c, frameAncestors, p?.returnUrl);
    if (!p) return c.html(notFoundPage(pageContext(c)), 404);
    const form = await formFields(c);
    if (p.status !== "pending" || p.processingSince) return afterPost(c, p, form);
    const result = validateCardForm(form, now());
    if (!result.ok) return c.html(cardFormPage(p, pageContext(c), result), 422);
    payments.submitCard(p, result.digits, result.expiry);
    return afterPost(c, p, form);
  });

  pages.post("/:id/3ds", async (c) => {
    const p = payments.getForPage(c.req.param("id"));
    setPageSecurityHeaders(c, frameAncestors, p?.returnUrl);
    if (!p) return c.html(notFoundPage(pageContext(c)), 404);
    const form = await formFields(c);
    payments.submit3ds(p, typeof form.code === "string" ? form.code.trim() : "");
    return afterPost(c, p, form);
  });

  return pages;
}

/**
 * The posted form's fields. The hosted page posts application/x-www-form-urlencoded: parsed with
 * URLSearchParams (the last of repeated fields wins, as with parseBody), which costs a fraction of
 * parseBody's route through a Response and its FormData parser. Anything else goes to parseBody.
 */
async function formFields(c: Context): Promise<Record<string, string | File>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type))
    // A body parseBody cannot read (a multipart one without or with a wrong boundary) is the
    // client's mistake: a 400, not an internal error.
    return c.req.parseBody().catch(() => {
      throw new SandboxError(400, "invalid_form", "The form could not be read");
    });
  return Object.fromEntries(new URLSearchParams(await c.req.text()));
}
