import { html, nothing } from "lit";
import { errorText, fieldErrors, LkError } from "../../api/client";
import { isDemo } from "../../api/demo";
import { L, lang, setLang } from "../../core/i18n";
import { authApi, currentUser } from "../../core/session";
import { newPassword, required } from "../../core/validate";
import { LkElement, type Status } from "../../ui/base";
import { field, statusLine } from "../../ui/parts";

type Mode = "sign-in" | "forgot" | "reset";

/** Explains the sign-in errors that need the user to do something specific. */
function signInError(e: unknown): string {
  if (!(e instanceof LkError)) return errorText(e);
  const retry = (e as { retryAfter?: number }).retryAfter;
  const mins = retry ? Math.max(1, Math.ceil(retry / 60)) : 15;
  switch (e.code) {
    case "login_locked":
      return L(
        `Вход заблокирован после пяти неверных паролей. Попробуйте через ${mins} мин. или восстановите пароль.`,
        `Sign-in is locked after five wrong passwords. Try again in ${mins} min or reset your password.`,
      );
    case "rate_limited":
      return L(
        `Слишком много попыток с этого адреса. Подождите ${mins} мин.`,
        `Too many attempts from this address. Wait ${mins} min.`,
      );
    case "temporary_password_expired":
      return L(
        "Срок временного пароля истёк. Попросите администратора компании (или менеджера оператора) выдать новый.",
        "The temporary password has expired. Ask your company admin (or the operator's manager) for a new one.",
      );
    case "invalid_credentials":
      return L("Неверный логин или пароль.", "Wrong login or password.");
    case "user_blocked":
      return L(
        "Пользователь заблокирован. Обратитесь к администратору компании.",
        "The user is blocked. Contact your company admin.",
      );
    default:
      return errorText(e);
  }
}

/** Sign-in with login, e-mail or phone; forgot-password by e-mailed code. */
export class LkSignIn extends LkElement {
  static override properties = {
    mode: { state: true },
    status: { state: true },
    errors: { state: true },
    demo: { state: true },
  };

  protected mode: Mode = "sign-in";
  /** On a demo server the test mailbox (codes, temporary passwords) is linked here. */
  protected demo = false;

  override connectedCallback() {
    super.connectedCallback();
    void isDemo().then((d) => {
      this.demo = d;
    });
  }
  protected status: Status | null = null;
  protected errors: Record<string, string | null> = {};
  private login = "";

  private value(id: string) {
    return (this.querySelector(`#${id}`) as HTMLInputElement | null)?.value ?? "";
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const login = this.value("login").trim();
    const password = this.value("password");
    this.errors = { login: required(login), password: required(password) };
    if (this.errors.login || this.errors.password) return this.focusError();
    this.status = { kind: "busy", text: L("Входим…", "Signing in…") };
    try {
      await authApi.signIn({ login, password });
      this.status = null;
      dispatchEvent(new Event("lk-signed-in"));
    } catch (err) {
      this.status = { kind: "error", text: signInError(err) };
    }
  }

  private async forgot(e: SubmitEvent) {
    e.preventDefault();
    const login = this.value("f-login").trim();
    this.errors = { "f-login": required(login) };
    if (this.errors["f-login"]) return this.focusError();
    this.status = { kind: "busy", text: L("Отправляем код…", "Sending the code…") };
    try {
      await authApi.forgotPassword({ login });
      this.login = login;
      this.mode = "reset";
      this.status = {
        kind: "ok",
        text: L(
          "Если у пользователя есть e-mail, на него отправлен код из 6 цифр (действует 15 минут).",
          "If the user has an e-mail, a 6-digit code was sent to it (valid 15 minutes).",
        ),
      };
    } catch (err) {
      this.status = { kind: "error", text: signInError(err) };
    }
  }

  private async reset(e: SubmitEvent) {
    e.preventDefault();
    const code = this.value("code").trim();
    const pw = this.value("new-pw");
    this.errors = {
      code: /^\d{6}$/.test(code) ? null : L("Код — 6 цифр", "The code is 6 digits"),
      "new-pw": newPassword(pw, this.login),
    };
    if (this.errors.code || this.errors["new-pw"]) return this.focusError();
    this.status = { kind: "busy", text: L("Сохраняем пароль…", "Saving the password…") };
    try {
      await authApi.resetPassword({ login: this.login, code, new_password: pw });
      this.mode = "sign-in";
      this.status = {
        kind: "ok",
        text: L("Пароль изменён. Войдите с новым паролем.", "Password changed. Sign in with the new one."),
      };
    } catch (err) {
      this.errors = { ...fieldErrors(err) };
      this.status = { kind: "error", text: errorText(err) };
    }
  }

  private focusError() {
    void this.updateComplete.then(() =>
      (this.querySelector(".invalid input") as HTMLElement | null)?.focus(),
    );
  }

  private input(id: string, type: string, autocomplete: string, validate?: (v: string) => string | null) {
    return html`<input id=${id} name=${id} type=${type} autocomplete=${autocomplete} required
      aria-invalid=${this.errors[id] ? "true" : "false"} aria-describedby="${id}-err"
      @input=${(e: Event) => {
        if (validate) this.errors = { ...this.errors, [id]: validate((e.target as HTMLInputElement).value) };
      }} />`;
  }

  protected override render() {
    return html`<main id="main" class="auth">
      <div class="auth-card">
        <p class="brand">${L("ЛК Бизнес", "LK Business")}
          <button type="button" class="link" @click=${() => setLang(lang() === "ru" ? "en" : "ru")}>${lang() === "ru" ? "English" : "Русский"}</button>
        </p>
        ${this.mode === "sign-in" ? this.signInForm() : this.mode === "forgot" ? this.forgotForm() : this.resetForm()}
        ${statusLine(this.status)}
        <p class="auth-links">
          <a href="/apply">${L("Подать заявку на подключение", "Apply to join the cabinet")}</a>
          <a href="/apply/status">${L("Статус заявки", "Application status")}</a>
          ${this.demo ? html`<a href="/mailbox">${L("Тестовая почта демо", "The demo's test mailbox")}</a>` : nothing}
        </p>
      </div>
    </main>`;
  }

  private signInForm() {
    return html`<h1>${L("Вход в кабинет", "Sign in")}</h1>
      <form @submit=${this.submit} novalidate>
        ${field(L("Логин, e-mail или телефон", "Login, e-mail or phone"), "login", this.input("login", "text", "username"), this.errors.login)}
        ${field(L("Пароль", "Password"), "password", this.input("password", "password", "current-password"), this.errors.password)}
        <button type="submit" ?disabled=${this.status?.kind === "busy"}>${L("Войти", "Sign in")}</button>
      </form>
      <p><button type="button" class="link" @click=${() => {
        this.mode = "forgot";
        this.status = null;
      }}>${L("Забыли пароль?", "Forgot your password?")}</button></p>`;
  }

  private forgotForm() {
    return html`<h1>${L("Восстановление пароля", "Reset password")}</h1>
      <form @submit=${this.forgot} novalidate>
        ${field(L("Логин", "Login"), "f-login", this.input("f-login", "text", "username"), this.errors["f-login"])}
        <button type="submit">${L("Получить код", "Send the code")}</button>
      </form>
      <p><button type="button" class="link" @click=${() => {
        this.mode = "sign-in";
        this.status = null;
      }}>${L("Назад ко входу", "Back to sign-in")}</button></p>`;
  }

  private resetForm() {
    return html`<h1>${L("Новый пароль", "New password")}</h1>
      <form @submit=${this.reset} novalidate>
        ${field(L("Код из письма", "Code from the e-mail"), "code", this.input("code", "text", "one-time-code"), this.errors.code)}
        ${field(
          L("Новый пароль", "New password"),
          "new-pw",
          this.input("new-pw", "password", "new-password", (v) => newPassword(v, this.login)),
          this.errors["new-pw"],
          L("Не короче 10 символов, без логина", "At least 10 characters, without the login"),
        )}
        <button type="submit">${L("Сохранить пароль", "Save the password")}</button>
      </form>`;
  }
}

/** The password change: forced after a temporary password, or by choice from the profile. */
export class LkPasswordChange extends LkElement {
  static override properties = {
    forced: { type: Boolean },
    status: { state: true },
    errors: { state: true },
  };

  forced = false;
  protected status: Status | null = null;
  protected errors: Record<string, string | null> = {};

  private value(id: string) {
    return (this.querySelector(`#${id}`) as HTMLInputElement | null)?.value ?? "";
  }

  private validate() {
    const cur = this.value("cur-pw");
    const pw = this.value("new-pw");
    const pw2 = this.value("new-pw2");
    const login = currentUser()?.login ?? "";
    this.errors = {
      "cur-pw": required(cur),
      "new-pw": pw ? newPassword(pw, login, cur) : null,
      "new-pw2": pw2 && pw2 !== pw ? L("Пароли не совпадают", "Passwords do not match") : null,
    };
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    this.validate();
    if (!this.value("new-pw")) this.errors = { ...this.errors, "new-pw": required("") };
    if (!this.value("new-pw2")) this.errors = { ...this.errors, "new-pw2": required("") };
    if (Object.values(this.errors).some(Boolean)) {
      await this.updateComplete;
      (this.querySelector(".invalid input") as HTMLElement | null)?.focus();
      return;
    }
    this.status = { kind: "busy", text: L("Сохраняем пароль…", "Saving the password…") };
    try {
      await authApi.changePassword({
        current_password: this.value("cur-pw"),
        new_password: this.value("new-pw"),
      });
      this.status = {
        kind: "ok",
        text: L("Пароль изменён. Другие сеансы завершены.", "Password changed. Other sessions were ended."),
      };
      for (const i of this.querySelectorAll("input")) i.value = "";
      dispatchEvent(new Event("lk-signed-in"));
    } catch (err) {
      this.errors = fieldErrors(err);
      this.status = { kind: "error", text: errorText(err) };
    }
  }

  private input(id: string, autocomplete: string) {
    return html`<input id=${id} type="password" autocomplete=${autocomplete} required
      aria-invalid=${this.errors[id] ? "true" : "false"} aria-describedby="${id}-err" @input=${() => this.validate()} />`;
  }

  protected override render() {
    const form = html`
      <h1 tabindex="-1">${this.forced ? L("Смените временный пароль", "Change your temporary password") : L("Смена пароля", "Change password")}</h1>
      ${
        this.forced
          ? html`<p>${L(
              "Вы вошли с временным паролем. Пока вы не зададите свой пароль, остальные разделы недоступны.",
              "You signed in with a temporary password. Set your own password to use the cabinet.",
            )}</p>`
          : nothing
      }
      <form @submit=${this.submit} novalidate>
        ${field(this.forced ? L("Временный пароль", "Temporary password") : L("Текущий пароль", "Current password"), "cur-pw", this.input("cur-pw", "current-password"), this.errors["cur-pw"])}
        ${field(L("Новый пароль", "New password"), "new-pw", this.input("new-pw", "new-password"), this.errors["new-pw"], L("Не короче 10 символов, без логина, не как текущий", "At least 10 characters, without the login, not the current one"))}
        ${field(L("Повторите новый пароль", "Repeat the new password"), "new-pw2", this.input("new-pw2", "new-password"), this.errors["new-pw2"])}
        <button type="submit" ?disabled=${this.status?.kind === "busy"}>${L("Сохранить пароль", "Save the password")}</button>
      </form>
      ${
        this.forced
          ? html`<p><button type="button" class="link" @click=${async () => {
              await authApi.signOut().catch(() => {});
              dispatchEvent(new Event("lk-signed-out"));
            }}>${L("Выйти", "Sign out")}</button></p>`
          : nothing
      }
      ${statusLine(this.status)}`;
    return this.forced
      ? html`<main id="main" class="auth"><div class="auth-card">${form}</div></main>`
      : html`<section class="card">${form}</section>`;
  }
}

customElements.define("lk-sign-in", LkSignIn);
customElements.define("lk-password-change", LkPasswordChange);
