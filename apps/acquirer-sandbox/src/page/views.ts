import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Payment } from "../model";
import type { CardErrors, CardField } from "./card-form";
import { formatAmount, type Lang, messages, reasonText } from "./i18n";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageContext {
  lang: Lang;
  /** Query string that keeps language and embedding across form posts, e.g. "?lang=en&embed=1". */
  query: string;
  /** Query string of the same page in the other language. */
  otherLangQuery: string;
}

interface LayoutInput {
  ctx: PageContext;
  title: string;
  body: Html;
  script?: "page" | "result";
  /** Seconds and target for a <meta refresh>: polling and redirects without any script. */
  refresh?: { seconds: number; url: string } | undefined;
  data?: Record<string, string>;
}

export function layout({ ctx, title, body, script, refresh, data = {} }: LayoutInput): Html {
  const m = messages(ctx.lang);
  const attrs = Object.entries(data).map(([k, v]) => html` data-${k}="${v}"`);
  return html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${refresh ? html`<meta http-equiv="refresh" content="${refresh.seconds};url=${refresh.url}">` : ""}
<link rel="stylesheet" href="/assets/page.css">
${script ? html`<script src="/assets/${script}.js" defer></script>` : ""}
</head>
<body${attrs}>
<main class="card">
<p class="badge">${m.sandboxBadge}</p>
${body}
<p class="lang"><a href="${ctx.otherLangQuery}">${m.otherLang}</a></p>
</main>
</body>
</html>`;
}

export function summary(p: Payment, lang: Lang): Html {
  const m = messages(lang);
  return html`<dl class="summary">
<dt>${m.amount}</dt><dd id="amount">${formatAmount(p.amount, lang)}</dd>
<dt>${m.order}</dt><dd>${p.description}</dd>
</dl>`;
}

function field(
  ctx: PageContext,
  errors: CardErrors,
  name: CardField,
  label: string,
  attrs: {
    value?: string;
    autocomplete: string;
    inputmode?: string;
    maxlength: number;
    placeholder?: string;
  },
): Html {
  const error = errors[name];
  const errorId = `${name}-error`;
  return html`<div class="field${error ? " invalid" : ""}">
<label for="${name}">${label}</label>
<input id="${name}" name="${name}" value="${attrs.value ?? ""}" autocomplete="${attrs.autocomplete}"
  inputmode="${attrs.inputmode ?? "text"}" maxlength="${attrs.maxlength}" placeholder="${attrs.placeholder ?? ""}" required
  ${error ? html`aria-invalid="true" aria-describedby="${errorId}"` : ""}>
${error ? html`<p class="error" id="${errorId}">${messages(ctx.lang)[error]}</p>` : ""}
</div>`;
}

export function cardFormPage(
  p: Payment,
  ctx: PageContext,
  state: { errors: CardErrors; holder: string; expiry: string },
): Html {
  const m = messages(ctx.lang);
  const body = html`<h1>${m.title}</h1>
${summary(p, ctx.lang)}
<form method="post" action="/pay/${p.id}${ctx.query}" novalidate>
<input type="hidden" name="embedded" value="">
${field(ctx, state.errors, "card_number", m.cardNumber, { autocomplete: "cc-number", inputmode: "numeric", maxlength: 23, placeholder: "0000 0000 0000 0000" })}
<div class="row">
${field(ctx, state.errors, "expiry", m.expiry, { value: state.expiry, autocomplete: "cc-exp", inputmode: "numeric", maxlength: 7, placeholder: "MM/YY" })}
${field(ctx, state.errors, "cvc", m.cvc, { autocomplete: "cc-csc", inputmode: "numeric", maxlength: 3 })}
</div>
${field(ctx, state.errors, "holder", m.holder, { value: state.holder, autocomplete: "cc-name", maxlength: 100 })}
<button type="submit" id="pay">${m.pay} ${formatAmount(p.amount, ctx.lang)}</button>
</form>`;
  return layout({ ctx, title: m.title, body, script: "page" });
}

export function threeDsPage(p: Payment, ctx: PageContext): Html {
  const m = messages(ctx.lang);
  const body = html`<h1>${m.threeDsTitle}</h1>
${summary(p, ctx.lang)}
<p>${m.threeDsHint}</p>
<form method="post" action="/pay/${p.id}/3ds${ctx.query}">
<input type="hidden" name="embedded" value="">
<div class="field">
<label for="code">${m.threeDsCode}</label>
<input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="6" required>
</div>
<button type="submit" id="confirm">${m.confirm}</button>
</form>`;
  return layout({ ctx, title: m.threeDsTitle, body, script: "page" });
}

export function processingPage(p: Payment, ctx: PageContext): Html {
  const m = messages(ctx.lang);
  const body = html`<h1>${m.processingTitle}</h1>
${summary(p, ctx.lang)}
<p class="spinner" role="status">${m.processingHint}</p>`;
  return layout({
    ctx,
    title: m.processingTitle,
    body,
    refresh: { seconds: 2, url: `/pay/${p.id}${ctx.query}` },
  });
}

/** Final status. Inside an iframe result.js tells the parent window; on top it may send the payer back. */
export function resultPage(
  p: Payment,
  ctx: PageContext,
  backUrl: string | undefined,
  autoReturn: boolean,
): Html {
  const m = messages(ctx.lang);
  const title = p.status === "succeeded" ? m.succeeded : p.status === "canceled" ? m.canceled : m.failed;
  const body = html`<h1 id="result" class="${p.status}">${title}</h1>
${summary(p, ctx.lang)}
${p.failureReason ? html`<p id="reason">${m.reason}: ${reasonText(p.failureReason, ctx.lang)}</p>` : ""}
${backUrl ? html`<p><a class="button" id="back" href="${backUrl}" target="_top">${m.backToShop}</a></p>` : ""}`;
  return layout({
    ctx,
    title,
    body,
    script: "result",
    refresh: autoReturn && backUrl ? { seconds: 3, url: backUrl } : undefined,
    data: { "payment-id": p.id, status: p.status },
  });
}

export function notFoundPage(ctx: PageContext): Html {
  const m = messages(ctx.lang);
  return layout({ ctx, title: m.notFound, body: html`<h1>${m.notFound}</h1>` });
}
