import { html } from "hono/html";
import type { Payment } from "../model";
import { SBP_BANKS } from "../sbp";
import { formatAmount, messages, reasonText } from "./i18n";
import { layout, type PageContext } from "./views";

const BEHAVIOUR = { confirm: "bankConfirms", decline: "bankDeclines", silent: "bankSilent" } as const;

function time(d: Date, lang: PageContext["lang"]): string {
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "ru-RU", {
    timeZone: "Europe/Moscow",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(d);
}

function sbpSummary(p: Payment, ctx: PageContext, payee: string) {
  const m = messages(ctx.lang);
  return html`<dl class="summary">
<dt>${m.sbpPayee}</dt><dd id="payee">${payee}</dd>
<dt>${m.amount}</dt><dd id="amount">${formatAmount(p.amount, ctx.lang)}</dd>
<dt>${m.sbpPurpose}</dt><dd>${p.description}</dd>
</dl>`;
}

/** What the payer's bank app shows after the QR code was scanned: payee, amount, banks, confirm or decline. */
export function sbpConfirmPage(p: Payment, ctx: PageContext, payee: string) {
  const m = messages(ctx.lang);
  const qr = p.sbp!;
  const body = html`<p class="app">${m.sbpApp}</p>
<h1>${m.sbpTitle}</h1>
${sbpSummary(p, ctx, payee)}
<form method="post" action="/sbp/${qr.qrId}${ctx.query}">
<fieldset class="banks">
<legend>${m.sbpChooseBank}</legend>
${SBP_BANKS.map(
  (
    b,
    i,
  ) => html`<label class="bank"><input type="radio" name="bank" value="${b.id}" ${i === 0 ? "checked" : ""}>
${b.name[ctx.lang]} <span class="hint">(${m[BEHAVIOUR[b.behaviour]]})</span></label>`,
)}
</fieldset>
<p class="hint">${m.sbpExpiresAt} ${time(qr.expiresAt, ctx.lang)}</p>
<button type="submit" name="action" value="confirm" id="confirm">${m.sbpConfirm} ${formatAmount(p.amount, ctx.lang)}</button>
<button type="submit" name="action" value="decline" id="decline" class="secondary">${m.sbpDecline}</button>
</form>`;
  return layout({ ctx, title: m.sbpTitle, body });
}

/** Confirmed in a bank that never answers: the page waits (refreshing) until the code expires. */
export function sbpWaitingPage(p: Payment, ctx: PageContext, payee: string) {
  const m = messages(ctx.lang);
  const body = html`<h1>${m.sbpWaitingTitle}</h1>
${sbpSummary(p, ctx, payee)}
<p class="spinner" role="status">${m.sbpWaitingHint}</p>`;
  return layout({
    ctx,
    title: m.sbpWaitingTitle,
    body,
    refresh: { seconds: 2, url: `/sbp/${p.sbp!.qrId}${ctx.query}` },
  });
}

export function sbpResultPage(p: Payment, ctx: PageContext, payee: string) {
  const m = messages(ctx.lang);
  const title = p.status === "succeeded" ? m.sbpSucceeded : p.status === "canceled" ? m.canceled : m.failed;
  const body = html`<h1 id="result" class="${p.status}">${title}</h1>
${sbpSummary(p, ctx, payee)}
${p.failureReason ? html`<p id="reason">${m.reason}: ${reasonText(p.failureReason, ctx.lang)}</p>` : ""}`;
  return layout({ ctx, title, body, data: { status: p.status } });
}

export function sbpNotFoundPage(ctx: PageContext) {
  const m = messages(ctx.lang);
  return layout({ ctx, title: m.sbpNotFound, body: html`<h1>${m.sbpNotFound}</h1>` });
}
