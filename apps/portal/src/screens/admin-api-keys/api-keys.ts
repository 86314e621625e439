import { apiKeyScopes } from "@lk/contracts/permissions";
import { html, nothing } from "lit";
import { page } from "../../api/client";
import { lk } from "../../api/lk";
import type { ApiKey, CreatedApiKey } from "../../api/types";
import { fmtDateTime } from "../../core/format";
import { L } from "../../core/i18n";
import { query } from "../../core/router";
import { required } from "../../core/validate";
import { LkScreen } from "../../ui/base";
import { keyMode, scopeName } from "../../ui/labels";
import { field, loadState, pageHeader, pager, statusBadge, statusLine } from "../../ui/parts";

const SCOPES = apiKeyScopes;

/** API keys for the company's integrations: created with scopes, shown once, revocable. */
export class LkApiKeys extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    rows: { state: true },
    next: { state: true },
    created: { state: true },
    error: { state: true },
  };
  protected rows: ApiKey[] = [];
  protected next: string | null = null;
  protected created: CreatedApiKey | null = null;
  protected error: string | null = null;

  protected override async load(signal: AbortSignal) {
    const p = await page(lk.apiKeys.list({}, { signal }), query().get("cursor"));
    this.rows = p.data;
    this.next = p.next_cursor;
  }

  private async create(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const name = String(f.get("name") ?? "").trim();
    const scopes = f.getAll("scopes").map(String) as (typeof apiKeyScopes)[number][];
    this.error =
      required(name) ?? (scopes.length ? null : L("Отметьте хотя бы одно право", "Tick at least one scope"));
    if (this.error) return;
    this.status = { kind: "busy", text: L("Создаём ключ…", "Creating the key…") };
    try {
      this.created = await lk.apiKeys.create({
        name,
        scopes,
        mode: f.get("mode") === "test" ? "test" : "live",
      });
      this.status = {
        kind: "ok",
        text: L(
          "Ключ создан. Скопируйте его сейчас — больше он не будет показан.",
          "Key created. Copy it now — it will not be shown again.",
        ),
      };
      form.reset();
      await this.reload();
    } catch (err) {
      await this.failed(err, form);
    }
  }

  protected override render() {
    return html`${pageHeader(L("API-ключи", "API keys"))}
      ${
        this.created
          ? html`<section class="card" role="alert"><h2>${L("Новый ключ — показан один раз", "New key — shown once")}</h2><p class="secret" data-testid="api-key">${this.created.key}</p>
        <button type="button" class="secondary" @click=${() => {
          this.created = null;
        }}>${L("Я сохранил ключ", "I have saved it")}</button></section>`
          : nothing
      }
      ${statusLine(this.status)}
      ${loadState(this.loading, this.loadError, !this.loading && !this.rows.length, ["Ключей пока нет", "No keys yet"])}
      ${
        this.rows.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Ключи", "Keys")}><table>
          <thead><tr><th>${L("Название", "Name")}</th><th>${L("Префикс", "Prefix")}</th><th>${L("Права", "Scopes")}</th><th>${L("Использован", "Last used")}</th><th>${L("Состояние", "State")}</th><th></th></tr></thead>
          <tbody>${this.rows.map(
            (
              k,
            ) => html`<tr><td>${k.name}</td><td><code>${k.prefix}</code> ${keyMode(k.mode)}</td><td>${k.scopes.map(scopeName).join(", ")}</td><td>${fmtDateTime(k.last_used_at)}</td>
            <td>${k.revoked_at ? statusBadge(L("отозван", "revoked"), "muted") : statusBadge(L("действует", "active"), "ok")}</td>
            <td>${
              k.revoked_at
                ? nothing
                : html`<button type="button" class="link" @click=${async () => {
                    if (
                      !confirm(
                        L(
                          `Отозвать ключ «${k.name}»? Интеграции с ним перестанут работать.`,
                          `Revoke "${k.name}"? Integrations using it stop working.`,
                        ),
                      )
                    )
                      return;
                    if (
                      await this.act(
                        L("Отзываем…", "Revoking…"),
                        () => lk.apiKeys.revoke(k.id),
                        () => L("Ключ отозван", "Key revoked"),
                      )
                    )
                      await this.reload();
                  }}>${L("Отозвать", "Revoke")}<span class="visually-hidden"> ${k.name}</span></button>`
            }</td></tr>`,
          )}</tbody></table></div>`
          : nothing
      }
      ${pager(this.next, query().has("cursor"))}
      <section class="card" aria-labelledby="h-key"><h2 id="h-key">${L("Новый ключ", "New key")}</h2>
        <form @submit=${this.create} novalidate>
          ${field(L("Название (для чего ключ)", "Name (what it is for)"), "k-name", html`<input id="k-name" name="name" maxlength="100" aria-describedby="k-name-err" />`, this.error)}
          <fieldset><legend>${L("Права", "Scopes")}</legend>${SCOPES.map((s) => html`<label class="row"><input type="checkbox" name="scopes" value=${s} /> ${scopeName(s)}</label>`)}</fieldset>
          ${field(L("Режим", "Mode"), "k-mode", html`<select id="k-mode" name="mode"><option value="live">${keyMode("live")}</option><option value="test">${keyMode("test")}</option></select>`)}
          <button type="submit">${L("Создать ключ", "Create the key")}</button></form></section>`;
  }
}

customElements.define("lk-api-keys", LkApiKeys);
