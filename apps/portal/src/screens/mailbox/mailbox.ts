import { html, nothing } from "lit";
import { errorText } from "../../api/client";
import { demoApi } from "../../api/demo";
import type { OutboxMessage } from "../../api/types";
import { fmtDateTime } from "../../core/format";
import { L } from "../../core/i18n";
import { LkElement } from "../../ui/base";
import { field, loadState, statusBadge } from "../../ui/parts";
import { publicPage } from "../apply/layout";

// What a message is about, in words (the API's `kind` is a code; codes are never shown).
const about = (k: string): string | null =>
  ({
    password_reset: L("Восстановление пароля", "Password reset"),
    account_link_code: L("Код привязки лицевого счёта", "Account link code"),
    payment_receipt: L("Чек об оплате", "Payment receipt"),
    temporary_password: L("Временный пароль", "Temporary password"),
    application_received: L("Заявка принята", "Application received"),
    application_approved: L("Заявка одобрена", "Application approved"),
    application_rejected: L("Заявка отклонена", "Application rejected"),
    order_status: L("Статус заявки на услугу", "Order status"),
    support_answer: L("Ответ поддержки", "Support answer"),
    low_balance: L("Низкий баланс", "Low balance"),
    promised_expiring: L("Обещанный платёж", "Promised payment"),
    autopay_failed: L("Автоплатёж не прошёл", "Autopay failed"),
  })[k] ?? null;

/**
 * The demo's test mailbox (only on a server started with `--demo`): every e-mail and SMS the demo
 * «sent», newest first in Moscow time, so a visitor can read a reset code, a link code or a
 * receipt. Reachable without signing in — the codes are what one needs to sign in.
 */
export class LkMailbox extends LkElement {
  static override properties = {
    rows: { state: true },
    next: { state: true },
    loading: { state: true },
    error: { state: true },
    channel: { state: true },
  };

  protected rows: OutboxMessage[] = [];
  protected next: string | null = null;
  protected loading = false;
  protected error = "";
  protected channel: "" | "email" | "sms" = "";
  private to = "";

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load(cursor?: string) {
    this.loading = true;
    this.error = "";
    try {
      const p = await demoApi
        .outbox({
          limit: 20,
          ...(this.channel ? { channel: this.channel } : {}),
          ...(this.to ? { to: this.to } : {}),
        })
        .pageAt(cursor);
      this.rows = cursor ? [...this.rows, ...p.data] : p.data;
      this.next = p.nextCursor;
    } catch (e) {
      this.error =
        (e as { status?: number }).status === 404
          ? L("Тестовая почта есть только в демо-режиме.", "The test mailbox exists only in the demo.")
          : errorText(e);
    } finally {
      this.loading = false;
    }
  }

  protected override render() {
    return publicPage(html`<h1 tabindex="-1">${L("Тестовая почта демо", "The demo's test mailbox")}</h1>
      <p>${L(
        "Демо никому ничего не отправляет: письма и SMS с кодами, паролями и чеками попадают сюда. Новые сверху, время московское.",
        "The demo sends nothing out: e-mails and SMS with codes, passwords and receipts land here. Newest first, Moscow time.",
      )}</p>
      <form class="filters" @submit=${(e: Event) => {
        e.preventDefault();
        this.to = (this.querySelector("#mb-to") as HTMLInputElement).value.trim();
        void this.load();
      }}>
        ${field(
          L("Канал", "Channel"),
          "mb-channel",
          html`<select id="mb-channel" @change=${(e: Event) => {
            this.channel = (e.target as HTMLSelectElement).value as typeof this.channel;
            void this.load();
          }}>
            <option value="">${L("E-mail и SMS", "E-mail and SMS")}</option>
            <option value="email">E-mail</option>
            <option value="sms">SMS</option>
          </select>`,
        )}
        ${field(L("Кому (адрес или телефон)", "To (address or phone)"), "mb-to", html`<input id="mb-to" type="search" autocomplete="off" />`)}
        <button type="submit" class="secondary">${L("Показать", "Show")}</button>
        <button type="button" class="secondary" @click=${() => void this.load()}>${L("Обновить", "Refresh")}</button>
      </form>
      ${loadState(this.loading && !this.rows.length, this.error, !this.loading && !this.error && !this.rows.length, ["Писем и SMS пока нет", "No e-mails or SMS yet"])}
      <ul class="mail-list" aria-label=${L("Сообщения", "Messages")}>
        ${this.rows.map((m) => {
          const what = about(m.kind);
          return html`<li>
            <p>${statusBadge(m.channel === "sms" ? "SMS" : "E-mail", m.channel === "sms" ? "warn" : "muted")}
              <strong>${m.recipient}</strong> · <time datetime=${m.created_at}>${fmtDateTime(m.created_at)}</time>${what ? html` · ${what}` : nothing}</p>
            ${m.subject ? html`<p><strong>${m.subject}</strong></p>` : nothing}
            <pre>${m.body}</pre>
          </li>`;
        })}
      </ul>
      ${this.next ? html`<button type="button" class="secondary" @click=${() => void this.load(this.next!)}>${L("Показать ещё", "Show more")}</button>` : nothing}
      <p><a href="/">${L("Вход в кабинет", "Sign in")}</a></p>`);
  }
}

customElements.define("lk-mailbox", LkMailbox);
