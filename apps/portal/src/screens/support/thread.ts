import { html, nothing } from "lit";
import { saveDownload } from "../../api/client";
import { lk } from "../../api/lk";
import type { SupportRequestDetail } from "../../api/types";
import { fmtDateTime } from "../../core/format";
import { L } from "../../core/i18n";
import { can } from "../../core/session";
import { LkScreen } from "../../ui/base";
import { supportStatus } from "../../ui/labels";
import { field, loadState, pageHeader, statusLine } from "../../ui/parts";

/** One support request with its thread: reply, download attachments, close. */
export class LkSupportThread extends LkScreen {
  static override properties = { ...LkScreen.properties, r: { state: true } };
  protected r: SupportRequestDetail | null = null;

  protected override async load(signal: AbortSignal) {
    this.r = await lk.support.get(this.params.id ?? "", { signal });
  }

  private async reply(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const text = String(new FormData(form).get("text") ?? "").trim();
    if (!text || !this.r) return;
    if (
      await this.act(
        L("Отправляем…", "Sending…"),
        () => lk.support.reply(this.r!.id, { text }),
        () => L("Ответ отправлен", "Reply sent"),
      )
    ) {
      form.reset();
      await this.reload();
    }
  }

  protected override render() {
    const r = this.r;
    if (!r)
      return html`${pageHeader(L("Обращение", "Request"))}${loadState(this.loading, this.loadError, false)}`;
    const open = r.status !== "closed";
    return html`${pageHeader(r.subject)}
      <p>${L("Статус", "Status")}: <strong>${supportStatus(r.status)}</strong></p>
      <ul class="thread">${r.messages.map(
        (
          m,
        ) => html`<li class=${m.author}><p><strong>${m.author_name}</strong> <span class="muted">${fmtDateTime(m.created_at)}</span></p><p>${m.text}</p>
        ${m.attachments.map((a) => html`<button type="button" class="link" @click=${() => saveDownload(lk.support.attachment(r.id, a.id), a.file_name)}>${a.file_name}</button>`)}</li>`,
      )}</ul>
      ${
        can("services:write") && open
          ? html`<form @submit=${this.reply} novalidate class="card">
            ${field(L("Ответ", "Reply"), "th-text", html`<textarea id="th-text" name="text" maxlength="10000"></textarea>`)}
            <div class="actions"><button type="submit">${L("Ответить", "Reply")}</button>
            <button type="button" class="secondary" @click=${async () => {
              if (
                await this.act(
                  L("Закрываем…", "Closing…"),
                  () => lk.support.close(r.id),
                  () => L("Обращение закрыто", "Request closed"),
                )
              )
                await this.reload();
            }}>${L("Закрыть обращение", "Close the request")}</button></div></form>`
          : nothing
      }
      ${statusLine(this.status)}
      <p><a href="/support">${L("Все обращения", "All requests")}</a></p>`;
  }
}

customElements.define("lk-support-thread", LkSupportThread);
