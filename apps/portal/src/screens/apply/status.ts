import { html, nothing } from "lit";
import { errorText, fieldErrors, LkError } from "../../api/client";
import type { ApplicationStatus } from "../../api/types";
import { publicApplications } from "../../api/upload";
import { fmtBytes, fmtDateTime } from "../../core/format";
import { L } from "../../core/i18n";
import { query } from "../../core/router";
import { email, required } from "../../core/validate";
import { LkElement, type Status } from "../../ui/base";
import { field, statusBadge, statusLine } from "../../ui/parts";
import { publicPage } from "./layout";

const statusText = (s: ApplicationStatus["status"]) =>
  s === "approved"
    ? L("одобрена — компания подключена", "approved — the company is connected")
    : s === "rejected"
      ? L("отклонена", "rejected")
      : L("на проверке", "under review");
const tone = (s: ApplicationStatus["status"]) =>
  s === "approved" ? "ok" : s === "rejected" ? "bad" : "warn";

/**
 * An application's status for the applicant: by the secret link from the e-mail (`?token=`), or by
 * the number together with the contact e-mail. Shows what the applicant may see, nothing more.
 */
export class LkApplyStatus extends LkElement {
  static override properties = {
    app: { state: true },
    errors: { state: true },
    status: { state: true },
  };

  protected app: ApplicationStatus | null = null;
  protected errors: Record<string, string | null> = {};
  protected status: Status | null = null;

  override connectedCallback() {
    super.connectedCallback();
    const token = query().get("token");
    if (token) void this.ask({ token });
  }

  private async ask(body: { token: string } | { number: number; email: string }) {
    this.status = { kind: "busy", text: L("Ищем заявку…", "Looking up the application…") };
    try {
      this.app = await publicApplications().status(body);
      this.status = null;
    } catch (e) {
      this.app = null;
      this.errors = fieldErrors(e);
      this.status = {
        kind: "error",
        text:
          e instanceof LkError && e.status === 404
            ? "token" in body
              ? L(
                  "Ссылка неверна. Введите номер заявки и e-mail.",
                  "The link is not valid. Enter the number and e-mail.",
                )
              : L("Заявки с таким номером и e-mail нет.", "No application with this number and e-mail.")
            : errorText(e),
      };
    }
  }

  private submit(e: SubmitEvent) {
    e.preventDefault();
    const num = (this.querySelector("#as-number") as HTMLInputElement).value.replace(/\D/g, "");
    const mail = (this.querySelector("#as-email") as HTMLInputElement).value.trim();
    this.errors = {
      number: num ? null : required(""),
      email: required(mail) ?? email(mail),
    };
    if (this.errors.number || this.errors.email) return;
    void this.ask({ number: Number(num), email: mail });
  }

  protected override render() {
    return publicPage(html`<h1 tabindex="-1">${L("Статус заявки", "Application status")}</h1>
      ${this.app ? this.card(this.app) : nothing}
      <form @submit=${this.submit} novalidate>
        ${field(
          L("Номер заявки", "Application number"),
          "as-number",
          html`<input id="as-number" inputmode="numeric" autocomplete="off" aria-describedby="as-number-err" aria-invalid=${this.errors.number ? "true" : "false"} />`,
          this.errors.number,
        )}
        ${field(
          L("E-mail контактного лица", "Contact e-mail"),
          "as-email",
          html`<input id="as-email" type="email" autocomplete="email" aria-describedby="as-email-err" aria-invalid=${this.errors.email ? "true" : "false"} />`,
          this.errors.email,
        )}
        <button type="submit" ?disabled=${this.status?.kind === "busy"}>${L("Показать статус", "Show the status")}</button>
      </form>
      ${statusLine(this.status)}
      <p><a href="/apply">${L("Подать новую заявку", "Apply again")}</a> · <a href="/">${L("Вход в кабинет", "Sign in")}</a></p>`);
  }

  private card(a: ApplicationStatus) {
    return html`<section class="card" id="as-result" aria-labelledby="as-title">
      <h2 id="as-title">${L(`Заявка № ${a.number}`, `Application No. ${a.number}`)} ${statusBadge(statusText(a.status), tone(a.status))}</h2>
      <dl class="kv">
        <dt>${L("Компания", "Company")}</dt><dd>${a.company_name}, ${L("ИНН", "INN")} ${a.inn}</dd>
        <dt>${L("Подана", "Submitted")}</dt><dd>${fmtDateTime(a.created_at)}</dd>
        ${a.reviewed_at ? html`<dt>${L("Рассмотрена", "Reviewed")}</dt><dd>${fmtDateTime(a.reviewed_at)}</dd>` : nothing}
        <dt>${L("Контакт", "Contact")}</dt><dd>${a.contact_email}</dd>
        <dt>${L("Документы", "Documents")}</dt><dd>${
          a.files.length
            ? html`<ul>${a.files.map((f) => html`<li>${f.file_name} (${fmtBytes(f.size_bytes)})</li>`)}</ul>`
            : L("не приложены", "none attached")
        }</dd>
        ${a.reject_reason ? html`<dt>${L("Причина отказа", "Reason")}</dt><dd>${a.reject_reason}</dd>` : nothing}
      </dl>
      ${
        a.status === "approved"
          ? html`<p>${L(
              "Логин отправлен на e-mail контактного лица, временный пароль — SMS. При первом входе пароль нужно сменить.",
              "The login was e-mailed to the contact person and the temporary password sent by SMS. Change the password at the first sign-in.",
            )} <a href="/">${L("Войти", "Sign in")}</a></p>`
          : a.status === "rejected"
            ? html`<p><a href="/apply">${L("Подать заявку заново", "Apply again")}</a></p>`
            : html`<p>${L("Заявку проверяет менеджер оператора.", "The operator's manager is reviewing the application.")}</p>`
      }
    </section>`;
  }
}

customElements.define("lk-apply-status", LkApplyStatus);
