import type { Schema } from "@lk/sdk";
import { html, nothing } from "lit";
import { rows } from "../../api/client";
import { lk } from "../../api/lk";

type WebhookEventType = Schema<"WebhookEventType">;

import type { WebhookDelivery, WebhookEndpoint } from "../../api/types";
import { fmtDateTime } from "../../core/format";
import { L } from "../../core/i18n";
import { query, setQuery } from "../../core/router";
import { httpsUrl } from "../../core/validate";
import { LkScreen } from "../../ui/base";
import { deliveryStatus, webhookEvent } from "../../ui/labels";
import { field, loadState, pageHeader, statusBadge, statusLine } from "../../ui/parts";

const EVENTS = [
  "*",
  "invoice.issued",
  "document.issued",
  "payment.succeeded",
  "payment.failed",
  "payment.refunded",
  "balance.low",
  "order.created",
  "order.updated",
  "account.suspended",
  "account.resumed",
  "promised_payment.expiring",
];

/** Webhook endpoints: create (secret shown once), disable, test, delivery log with resend. */
export class LkWebhooks extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    rows: { state: true },
    deliveries: { state: true },
    secret: { state: true },
    error: { state: true },
  };
  protected rows: WebhookEndpoint[] = [];
  protected deliveries: WebhookDelivery[] = [];
  protected secret: string | null = null;
  protected error: string | null = null;

  protected override async load(signal: AbortSignal) {
    this.rows = await rows(lk.webhookEndpoints.list({ limit: 100 }, { signal }));
    const ep = query().get("endpoint");
    const status = query().get("status") as WebhookDelivery["status"] | null;
    this.deliveries = ep
      ? await rows(lk.webhookEndpoints.deliveries(ep, { status: status ?? undefined }, { signal }))
      : [];
  }

  private async create(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const url = String(f.get("url") ?? "").trim();
    const events = f.getAll("events").map(String) as WebhookEventType[];
    this.error = httpsUrl(url) ?? (events.length ? null : L("Отметьте события", "Tick the events"));
    if (this.error) return;
    this.status = { kind: "busy", text: L("Создаём…", "Creating…") };
    try {
      const r = await lk.webhookEndpoints.create({
        url,
        events,
        description: String(f.get("description") ?? "") || null,
      });
      this.secret = r.secret;
      this.status = {
        kind: "ok",
        text: L(
          "Адрес добавлен. Сохраните секрет подписи — он показан один раз.",
          "Endpoint added. Save the signing secret — shown once.",
        ),
      };
      form.reset();
      await this.reload();
    } catch (err) {
      await this.failed(err, form);
    }
  }

  protected override render() {
    const ep = query().get("endpoint");
    return html`${pageHeader(L("Вебхуки", "Webhooks"))}
      ${
        this.secret
          ? html`<section class="card" role="alert"><h2>${L("Секрет подписи", "Signing secret")}</h2><p class="secret">${this.secret}</p>
        <button type="button" class="secondary" @click=${() => {
          this.secret = null;
        }}>${L("Я сохранил секрет", "I have saved it")}</button></section>`
          : nothing
      }
      ${statusLine(this.status)}
      ${loadState(this.loading, this.loadError, !this.loading && !this.rows.length, ["Адресов для уведомлений пока нет", "No webhook endpoints yet"])}
      ${
        this.rows.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Адреса", "Endpoints")}><table>
          <thead><tr><th>${L("Адрес", "URL")}</th><th>${L("События", "Events")}</th><th>${L("Состояние", "State")}</th><th>${L("Действия", "Actions")}</th></tr></thead>
          <tbody>${this.rows.map(
            (
              w,
            ) => html`<tr><td>${w.url}<br /><small class="muted">${w.description ?? ""}</small></td><td>${w.events.map(webhookEvent).join(", ")}</td>
            <td>${w.status === "active" ? statusBadge(L("включён", "active"), "ok") : statusBadge(L("выключен", "disabled"), "muted")} ${w.consecutive_failures ? L(`ошибок подряд: ${w.consecutive_failures}`, `${w.consecutive_failures} failures`) : ""}</td>
            <td><a href="/admin/webhooks?endpoint=${w.id}">${L("Журнал доставки", "Delivery log")}</a>
              <button type="button" class="link" @click=${() =>
                this.act(
                  L("Отправляем тест…", "Sending a test…"),
                  () => lk.webhookEndpoints.test(w.id),
                  () => L("Тестовое событие отправлено", "Test event sent"),
                )}>${L("Тест", "Test")}</button>
              <button type="button" class="link" @click=${async () => {
                if (
                  await this.act(
                    L("Сохраняем…", "Saving…"),
                    () =>
                      lk.webhookEndpoints.update(w.id, {
                        status: w.status === "active" ? "disabled" : "active",
                      }),
                    () => L("Сохранено", "Saved"),
                  )
                )
                  await this.reload();
              }}>${w.status === "active" ? L("Выключить", "Disable") : L("Включить", "Enable")}</button>
              <button type="button" class="link" @click=${async () => {
                if (
                  confirm(L("Удалить адрес?", "Delete the endpoint?")) &&
                  (await this.act(
                    L("Удаляем…", "Deleting…"),
                    () => lk.webhookEndpoints.delete(w.id),
                    () => L("Удалено", "Deleted"),
                  ))
                )
                  await this.reload();
              }}>${L("Удалить", "Delete")}</button></td></tr>`,
          )}</tbody></table></div>`
          : nothing
      }
      ${
        ep
          ? html`<section class="card" aria-labelledby="h-del"><h2 id="h-del">${L("Журнал доставки", "Delivery log")}</h2>
          <div class="filters">${field(
            L("Статус", "Status"),
            "wd-status",
            html`<select id="wd-status" @change=${(e: Event) => setQuery({ status: (e.target as HTMLSelectElement).value })}>
            <option value="">${L("Любой", "Any")}</option>${["pending", "succeeded", "failed"].map((s) => html`<option value=${s} ?selected=${query().get("status") === s}>${s}</option>`)}</select>`,
          )}</div>
          ${
            this.deliveries.length
              ? html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-del"><table><thead><tr><th>${L("Событие", "Event")}</th><th>${L("Статус", "Status")}</th><th>${L("Попыток", "Attempts")}</th><th>${L("Ответ", "Response")}</th><th></th></tr></thead>
              <tbody>${this.deliveries.map(
                (
                  d,
                ) => html`<tr><td>${webhookEvent(d.event_type)}<br /><small class="muted">${fmtDateTime(d.created_at)}</small></td><td>${deliveryStatus(d.status)}</td><td>${d.attempts}</td><td>${d.last_status_code ?? ""} ${d.last_error ?? ""}</td>
                <td><button type="button" class="link" @click=${async () => {
                  if (
                    await this.act(
                      L("Отправляем повторно…", "Resending…"),
                      () => lk.webhookEndpoints.resendDelivery(d.id),
                      () => L("Отправлено повторно", "Resent"),
                    )
                  )
                    await this.reload();
                }}>${L("Отправить снова", "Resend")}</button></td></tr>`,
              )}</tbody></table></div>`
              : html`<p class="empty">${L("Доставок нет", "No deliveries")}</p>`
          }</section>`
          : nothing
      }
      <section class="card" aria-labelledby="h-wh"><h2 id="h-wh">${L("Новый адрес", "New endpoint")}</h2>
        <form @submit=${this.create} novalidate>
          ${field(L("Адрес для уведомлений (https://…)", "URL (https://…)"), "w-url", html`<input id="w-url" name="url" type="url" aria-describedby="w-url-err" />`, this.error)}
          ${field(L("Описание", "Description"), "w-desc", html`<input id="w-desc" name="description" />`)}
          <fieldset><legend>${L("События", "Events")}</legend>${EVENTS.map((ev) => html`<label class="row"><input type="checkbox" name="events" value=${ev} /> ${webhookEvent(ev)}</label>`)}</fieldset>
          <button type="submit">${L("Добавить", "Add")}</button></form></section>`;
  }
}

customElements.define("lk-webhooks", LkWebhooks);
