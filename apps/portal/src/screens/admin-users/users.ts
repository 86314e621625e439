import { html, nothing } from "lit";
import { rows } from "../../api/client";
import { lk } from "../../api/lk";
import type { Group, Role, User } from "../../api/types";
import { fmtDateTime } from "../../core/format";
import { L } from "../../core/i18n";
import { email, phone, required } from "../../core/validate";
import { roleName } from "../../shell/app";
import { LkScreen } from "../../ui/base";
import { field, loadState, pageHeader, statusBadge, statusLine } from "../../ui/parts";

/** Users and roles: invite (temporary password shown once), role, group restriction, block, reset. */
export class LkUsers extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    users: { state: true },
    groups: { state: true },
    errors: { state: true },
    secret: { state: true },
  };
  protected users: User[] = [];
  protected groups: Group[] = [];
  protected errors: Record<string, string | null> = {};
  protected secret: { login: string; password: string; expires: string } | null = null;

  protected override async load(signal: AbortSignal) {
    const [u, g] = await Promise.all([
      rows(lk.users.list(undefined, { signal })),
      rows(lk.groups.list({}, { signal })),
    ]);
    this.users = u;
    this.groups = g;
  }

  private checked(form: HTMLFormElement, name: string) {
    return [...form.querySelectorAll<HTMLInputElement>(`input[name=${name}]:checked`)].map((i) => i.value);
  }

  private validate(form: HTMLFormElement) {
    const f = new FormData(form);
    this.errors = {
      full_name: required(String(f.get("full_name") ?? "")),
      email: email(String(f.get("email") ?? "")),
      phone: phone(String(f.get("phone") ?? "")),
    };
  }

  private async invite(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    this.validate(form);
    if (Object.values(this.errors).some(Boolean)) return;
    const f = new FormData(form);
    const groups = this.checked(form, "group_ids");
    this.status = { kind: "busy", text: L("Приглашаем…", "Inviting…") };
    try {
      const r = await lk.users.invite({
        full_name: String(f.get("full_name")).trim(),
        email: String(f.get("email")).trim(),
        ...(String(f.get("phone") ?? "").trim() ? { phone: String(f.get("phone")).trim() } : {}),
        role: String(f.get("role")) as Role,
        ...(groups.length ? { group_ids: groups } : {}),
      });
      this.secret = { login: r.login, password: r.temporary_password, expires: r.expires_at };
      this.status = {
        kind: "ok",
        text: L(
          "Пользователь приглашён. Передайте ему логин и временный пароль — он показан один раз.",
          "User invited. Pass on the login and the temporary password — shown only once.",
        ),
      };
      form.reset();
      await this.reload();
    } catch (err) {
      this.errors = await this.failed(err, form);
    }
  }

  private async reset(u: User) {
    const r = await this.act(L("Выдаём временный пароль…", "Issuing a temporary password…"), () =>
      lk.users.resetPassword(u.id),
    );
    if (r) {
      this.secret = { login: r.login, password: r.temporary_password, expires: r.expires_at };
      this.status = { kind: "ok", text: L("Новый временный пароль выдан", "New temporary password issued") };
    }
  }

  private groupPicker(selected: string[], name = "group_ids") {
    return html`<fieldset><legend>${L("Доступ к группам (пусто — все счета)", "Access to groups (none: all accounts)")}</legend>
      ${this.groups.map((g) => html`<label class="row"><input type="checkbox" name=${name} value=${g.id} ?checked=${selected.includes(g.id)} /> ${g.path.join(" / ")}</label>`)}</fieldset>`;
  }

  protected override render() {
    return html`${pageHeader(L("Пользователи и роли", "Users and roles"))}
      ${
        this.secret
          ? html`<section class="card" role="alert"><h2>${L("Временный пароль — показан один раз", "Temporary password — shown once")}</h2>
          <p>${L("Логин", "Login")}: <code class="secret" data-testid="new-login">${this.secret.login}</code></p>
          <p>${L("Пароль", "Password")}: <code class="secret" data-testid="new-password">${this.secret.password}</code></p>
          <p class="muted">${L("Действует до", "Valid until")} ${fmtDateTime(this.secret.expires)}. ${L("При первом входе пароль нужно сменить.", "It must be changed at first sign-in.")}</p>
          <button type="button" class="secondary" @click=${() => {
            this.secret = null;
          }}>${L("Я сохранил пароль", "I have saved it")}</button></section>`
          : nothing
      }
      ${statusLine(this.status)}
      ${loadState(this.loading, this.loadError, false)}
      <div class="table-wrap" tabindex="0" role="region" aria-label=${L("Пользователи", "Users")}><table>
        <thead><tr><th>${L("Имя", "Name")}</th><th>${L("Логин", "Login")}</th><th>${L("Роль", "Role")}</th><th>${L("Группы", "Groups")}</th><th>${L("Состояние", "State")}</th><th>${L("Действия", "Actions")}</th></tr></thead>
        <tbody>${this.users.map(
          (u) => html`<tr>
          <td>${u.full_name}<br /><small class="muted">${u.email ?? ""}</small></td><td>${u.login}</td>
          <td><select aria-label=${L(`Роль: ${u.full_name}`, `Role: ${u.full_name}`)} @change=${async (
            e: Event,
          ) => {
            const role = (e.target as HTMLSelectElement).value;
            if (
              await this.act(
                L("Меняем роль…", "Changing the role…"),
                () => lk.users.update(u.id, { role: role as Role }),
                () => L("Роль изменена", "Role changed"),
              )
            )
              await this.reload();
            else await this.reload();
          }}>${["admin", "accountant", "viewer"].map((r) => html`<option value=${r} ?selected=${u.role === r}>${roleName(r)}</option>`)}</select></td>
          <td>${u.group_ids.length ? u.group_ids.map((id) => this.groups.find((g) => g.id === id)?.name ?? "?").join(", ") : L("все", "all")}</td>
          <td>${u.status === "blocked" ? statusBadge(L("заблокирован", "blocked"), "bad") : u.must_change_password ? statusBadge(L("временный пароль", "temporary password"), "warn") : statusBadge(L("активен", "active"), "ok")}</td>
          <td><button type="button" class="link" @click=${async () => {
            if (
              await this.act(
                L("Сохраняем…", "Saving…"),
                () => (u.status === "blocked" ? lk.users.unblock(u.id) : lk.users.block(u.id)),
                () => L("Сохранено", "Saved"),
              )
            )
              await this.reload();
          }}>${u.status === "blocked" ? L("Разблокировать", "Unblock") : L("Заблокировать", "Block")}<span class="visually-hidden"> ${u.full_name}</span></button>
            <button type="button" class="link" @click=${() => this.reset(u)}>${L("Новый пароль", "New password")}<span class="visually-hidden"> ${u.full_name}</span></button>
            <details><summary>${L("Группы", "Groups")}<span class="visually-hidden"> ${u.full_name}</span></summary>
              <form @submit=${async (e: SubmitEvent) => {
                e.preventDefault();
                const ids = this.checked(e.target as HTMLFormElement, `g-${u.id}`);
                if (
                  await this.act(
                    L("Сохраняем группы…", "Saving groups…"),
                    () => lk.users.setGroups(u.id, { group_ids: ids }),
                    () => L("Доступ изменён", "Access changed"),
                  )
                )
                  await this.reload();
              }}>${this.groupPicker(u.group_ids, `g-${u.id}`)}<button type="submit" class="secondary">${L("Сохранить", "Save")}</button></form></details></td>
        </tr>`,
        )}</tbody></table></div>
      <section class="card" aria-labelledby="h-invite"><h2 id="h-invite">${L("Пригласить пользователя", "Invite a user")}</h2>
        <form @submit=${this.invite} @input=${(e: Event) => this.validate(e.currentTarget as HTMLFormElement)} novalidate>
          <div class="grid">
            ${field(L("Имя и фамилия", "Full name"), "u-name", html`<input id="u-name" name="full_name" autocomplete="off" aria-describedby="u-name-err" />`, this.errors.full_name)}
            ${field("E-mail", "u-email", html`<input id="u-email" name="email" type="email" autocomplete="off" aria-describedby="u-email-err" />`, this.errors.email)}
            ${field(L("Телефон (необязательно)", "Phone (optional)"), "u-phone", html`<input id="u-phone" name="phone" type="tel" autocomplete="off" aria-describedby="u-phone-err" />`, this.errors.phone)}
            ${field(L("Роль", "Role"), "u-role", html`<select id="u-role" name="role">${["accountant", "viewer", "admin"].map((r) => html`<option value=${r}>${roleName(r)}</option>`)}</select>`)}
          </div>
          ${this.groupPicker([])}
          <button type="submit">${L("Пригласить", "Invite")}</button>
        </form></section>`;
  }
}

customElements.define("lk-users", LkUsers);
