import { normalizeRuPhone } from "@lk/contracts/validators";
import { html, nothing } from "lit";
import { errorText, fieldErrors } from "../../api/client";
import { applicationsWithProgress } from "../../api/upload";
import { L } from "../../core/i18n";
import { email, required } from "../../core/validate";
import { LkElement, type Status } from "../../ui/base";
import { filePicker } from "../../ui/file-picker";
import { field, statusLine } from "../../ui/parts";
import { filesError, innError, kppError, ogrnError } from "./checks";
import { publicPage } from "./layout";

const FIELDS = [
  "company_name",
  "inn",
  "kpp",
  "ogrn",
  "legal_address",
  "contact_name",
  "contact_email",
  "contact_phone",
  "comment",
] as const;
type Field = (typeof FIELDS)[number] | "billing_system" | "files";

/**
 * The public application to join the cabinet (no sign-in): company details, a contact person and
 * documents, checked as typed with the API's own rules, sent with an upload progress bar. The
 * answer is the application's number and its status link (shown once, also e-mailed).
 */
export class LkApply extends LkElement {
  static override properties = {
    errors: { state: true },
    status: { state: true },
    files: { state: true },
    sent: { state: true },
    total: { state: true },
    done: { state: true },
  };

  protected errors: Partial<Record<Field, string | null>> = {};
  protected status: Status | null = null;
  protected files: File[] = [];
  protected sent = 0;
  protected total = 0;
  protected done: { number: number; link: string } | null = null;

  private value(id: string) {
    return (this.querySelector(`#ap-${id}`) as HTMLInputElement | null)?.value ?? "";
  }

  private check(name: Field): string | null {
    const v = this.value(name);
    switch (name) {
      case "company_name":
      case "legal_address":
      case "contact_name":
        return required(v);
      case "inn":
        return innError(v);
      case "kpp":
        return kppError(v, this.value("inn"));
      case "ogrn":
        return ogrnError(v, this.value("inn"));
      case "contact_email":
        return required(v) ?? email(v);
      case "contact_phone":
        return (
          required(v) ??
          (normalizeRuPhone(v)
            ? null
            : L("Телефон в формате +7 XXX XXX-XX-XX", "Phone like +7 XXX XXX-XX-XX"))
        );
      case "files":
        return filesError(this.files);
      default:
        return null;
    }
  }

  private recheck(name: Field) {
    const next = { ...this.errors, [name]: this.check(name) };
    // ИНН decides what КПП and ОГРН must look like.
    if (name === "inn") {
      if (this.value("kpp")) next.kpp = this.check("kpp");
      if (this.value("ogrn")) next.ogrn = this.check("ogrn");
    }
    this.errors = next;
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const errors: Partial<Record<Field, string | null>> = {};
    for (const f of [...FIELDS, "files" as const]) errors[f] = this.check(f);
    this.errors = errors;
    if (Object.values(errors).some(Boolean)) {
      this.status = { kind: "error", text: L("Исправьте отмеченные поля", "Fix the marked fields") };
      await this.updateComplete;
      (this.querySelector(".invalid input, .invalid textarea") as HTMLElement | null)?.focus();
      return;
    }
    const fd = new FormData();
    for (const f of FIELDS) {
      const v = this.value(f).trim();
      if (v) fd.append(f, f === "kpp" ? v.toUpperCase() : v);
    }
    fd.append("billing_system", (this.querySelector("#ap-billing_system") as HTMLSelectElement).value);
    for (const file of this.files) fd.append("files", file, file.name);
    this.sent = 0;
    this.total = this.files.reduce((s, f) => s + f.size, 0);
    this.status = { kind: "busy", text: L("Отправляем заявку…", "Sending the application…") };
    try {
      const app = await applicationsWithProgress((sent, total) => {
        this.sent = sent;
        this.total = total;
      }).submit(fd);
      this.status = null;
      this.done = {
        number: app.number,
        link: `${location.origin}/apply/status?token=${encodeURIComponent(app.status_token)}`,
      };
      await this.updateComplete;
      (this.querySelector("h1") as HTMLElement | null)?.focus();
    } catch (err) {
      // A bad document comes back as `files.N`: mark the file input.
      const byField: Record<string, string> = {};
      for (const [k, v] of Object.entries(fieldErrors(err))) byField[/^\d+$/.test(k) ? "files" : k] = v;
      this.errors = byField as typeof this.errors;
      this.status = { kind: "error", text: errorText(err) };
      this.total = 0;
    }
  }

  private input(
    name: Field,
    label: string,
    opts: { type?: string; auto?: string; hint?: string; req?: boolean } = {},
  ) {
    const id = `ap-${name}`;
    const err = this.errors[name];
    const control = html`<input id=${id} name=${name} type=${opts.type ?? "text"} autocomplete=${opts.auto ?? "off"}
      ?required=${opts.req !== false} aria-invalid=${err ? "true" : "false"}
      aria-describedby="${id}-err${opts.hint ? ` ${id}-hint` : ""}"
      @change=${() => this.recheck(name)} @input=${() => err && this.recheck(name)} />`;
    return field(label + (opts.req === false ? "" : " *"), id, control, err, opts.hint);
  }

  protected override render() {
    return publicPage(this.done ? this.thanks() : this.form());
  }

  private thanks() {
    const d = this.done!;
    return html`<h1 tabindex="-1">${L(`Заявка № ${d.number} принята`, `Application No. ${d.number} received`)}</h1>
      <p>${L(
        "Мы проверим документы и пришлём логин на e-mail контактного лица, а временный пароль — SMS на его телефон.",
        "We will check the documents and e-mail the login to the contact person; the temporary password comes by SMS to their phone.",
      )}</p>
      <p>${L("Статус заявки — по этой ссылке (она же в письме):", "The application's status is at this link (also in the e-mail):")}</p>
      <p><a id="ap-status-link" href=${d.link}>${L("Статус заявки", "Application status")} № ${d.number}</a></p>
      <p><a href="/">${L("На страницу входа", "To the sign-in page")}</a></p>`;
  }

  private form() {
    const busy = this.status?.kind === "busy";
    const pct = this.total ? Math.min(100, Math.round((this.sent / this.total) * 100)) : 0;
    return html`<h1 tabindex="-1">${L("Заявка на подключение", "Apply to join")}</h1>
      <p>${L(
        "Юридическое лицо или ИП подаёт заявку с документами; после проверки оператор выдаёт логин и временный пароль. Поля со звёздочкой обязательны.",
        "A company or an entrepreneur applies with documents; after a check the operator issues a login and a temporary password. Fields with an asterisk are required.",
      )}</p>
      <form @submit=${this.submit} novalidate>
        <fieldset><legend>${L("Компания", "Company")}</legend>
          ${this.input("company_name", L("Название", "Name"), { auto: "organization" })}
          ${this.input("inn", L("ИНН", "INN"), { hint: L("10 цифр у организации, 12 у ИП", "10 digits for a company, 12 for an entrepreneur") })}
          ${this.input("kpp", L("КПП", "KPP"), { req: false, hint: L("Только у организации", "Companies only") })}
          ${this.input("ogrn", L("ОГРН или ОГРНИП", "OGRN or OGRNIP"), { req: false, hint: L("13 цифр у организации, 15 у ИП", "13 digits for a company, 15 for an entrepreneur") })}
          ${this.input("legal_address", L("Юридический адрес", "Legal address"), { auto: "street-address" })}
          ${field(
            L("Система расчётов", "Payment system"),
            "ap-billing_system",
            html`<select id="ap-billing_system" name="billing_system">
              <option value="advance">${L("Авансовая — оплата вперёд", "Advance — pay ahead")}</option>
              <option value="credit">${L("Кредитная — счёт после месяца", "Credit — billed after the month")}</option>
            </select>`,
          )}
        </fieldset>
        <fieldset><legend>${L("Контактное лицо", "Contact person")}</legend>
          ${this.input("contact_name", L("Фамилия, имя, отчество", "Full name"), { auto: "name" })}
          ${this.input("contact_email", "E-mail", { type: "email", auto: "email", hint: L("Сюда придёт логин", "The login is sent here") })}
          ${this.input("contact_phone", L("Мобильный телефон", "Mobile phone"), { type: "tel", auto: "tel", hint: L("Сюда придёт SMS с временным паролем", "The temporary password comes here by SMS") })}
        </fieldset>
        <fieldset><legend>${L("Документы", "Documents")}</legend>
          ${field(
            L(
              "Устав, свидетельства, доверенность (PDF, JPEG, PNG; до 10 файлов по 5 МБ)",
              "Charter, certificates, power of attorney (PDF, JPEG, PNG; up to 10 files of 5 MB)",
            ),
            "ap-files",
            filePicker({
              id: "ap-files",
              name: "files",
              multiple: true,
              accept: ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png",
              files: this.files,
              invalid: Boolean(this.errors.files),
              onChange: (files) => {
                this.files = files;
                this.errors = { ...this.errors, files: filesError(files) };
              },
            }),
            this.errors.files,
          )}
          ${field(L("Комментарий", "Comment"), "ap-comment", html`<textarea id="ap-comment" name="comment" rows="3" maxlength="2000"></textarea>`, this.errors.comment)}
        </fieldset>
        ${
          busy && this.total
            ? html`<label for="ap-progress">${L("Загрузка документов", "Uploading documents")}: ${pct} %</label>
              <progress id="ap-progress" max="100" value=${pct}>${pct} %</progress>`
            : nothing
        }
        <button type="submit" ?disabled=${busy}>${L("Отправить заявку", "Send the application")}</button>
      </form>
      ${statusLine(this.status)}
      <p><a href="/apply/status">${L("Узнать статус поданной заявки", "Check an application's status")}</a> ·
        <a href="/">${L("Вход в кабинет", "Sign in")}</a></p>`;
  }
}

customElements.define("lk-apply", LkApply);
