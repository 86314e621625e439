import { html, nothing, type TemplateResult } from "lit";
import { L } from "../core/i18n";
import { setQuery } from "../core/router";
import type { Status } from "./base";

// Small templates every screen uses. Functions, not elements: no extra custom elements to load.

/** The polite/assertive live region: progress, results and errors are announced. */
export const statusLine = (s: Status | null) =>
  html`<p class="status ${s?.kind ?? ""}" role=${s?.kind === "error" ? "alert" : "status"} aria-live=${s?.kind === "error" ? "assertive" : "polite"}>${
    s
      ? html`${s.kind === "busy" ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${s.text}`
      : nothing
  }</p>`;

/** Loading, the load's error, or — when `empty` — what is missing, in the screen's words. */
export const loadState = (
  loading: boolean,
  error: string,
  empty: boolean,
  emptyText: readonly [ru: string, en: string] = ["Нет данных", "No data"],
) => {
  if (error) return html`<p class="status error" role="alert">${error}</p>`;
  if (loading)
    return html`<p class="status busy" role="status"><span class="spinner" aria-hidden="true"></span>${L("Загрузка…", "Loading…")}</p>`;
  if (empty) return html`<p class="empty">${L(...emptyText)}</p>`;
  return nothing;
};

/** Keyset paging: the cursor is in the URL, so Back returns to the previous page. */
export const pager = (nextCursor: string | null | undefined, hasCursor: boolean) =>
  nextCursor || hasCursor
    ? html`<nav class="pager" aria-label=${L("Страницы", "Pages")}>
        <button type="button" class="secondary" ?disabled=${!hasCursor} @click=${() => setQuery({ cursor: null })}>
          ${L("« В начало", "« First page")}
        </button>
        <button type="button" class="secondary" ?disabled=${!nextCursor} @click=${() => setQuery({ cursor: nextCursor })}>
          ${L("Следующая »", "Next »")}
        </button>
      </nav>`
    : nothing;

/** A labelled field with its error (announced and tied by aria-describedby). */
export function field(
  label: string,
  id: string,
  control: TemplateResult,
  error?: string | null,
  hint?: string,
) {
  return html`<div class="field ${error ? "invalid" : ""}">
    <label for=${id}>${label}</label>
    ${control}
    ${hint ? html`<small id="${id}-hint" class="hint">${hint}</small>` : nothing}
    <small id="${id}-err" class="error-text" aria-live="polite">${error ?? ""}</small>
  </div>`;
}

export const pageHeader = (title: string, actions: TemplateResult | typeof nothing = nothing) =>
  html`<header class="page-header"><h1 tabindex="-1">${title}</h1>${actions}</header>`;

export const statusBadge = (text: string, tone: "ok" | "warn" | "bad" | "muted") =>
  html`<span class="badge ${tone}">${text}</span>`;
