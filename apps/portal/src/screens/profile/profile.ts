import { html, nothing } from "lit";
import { lk } from "../../api/lk";
import type { NotificationPreference } from "../../api/types";
import { L } from "../../core/i18n";
import { can, currentUser } from "../../core/session";
import { email } from "../../core/validate";
import { roleName } from "../../shell/app";
import { LkScreen } from "../../ui/base";
import { field, loadState, pageHeader, statusLine } from "../../ui/parts";
import "../sign-in/sign-in";

const KINDS: Record<string, () => string> = {
  low_balance: () => L("Низкий баланс", "Low balance"),
  invoice_issued: () => L("Выставлен счёт", "Invoice issued"),
  payment_received: () => L("Платёж получен", "Payment received"),
  promised_expiring: () => L("Истекает обещанный платёж", "Promised payment expiring"),
  autopay_failed: () => L("Автоплатёж не прошёл", "Autopay failed"),
  account_resumed: () => L("Обслуживание возобновлено", "Service resumed"),
};

/** My profile: password change, notification channels; for admins, who gets documents by e-mail. */
export class LkProfile extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    prefs: { state: true },
    recipients: { state: true },
    recError: { state: true },
  };
  protected prefs: NotificationPreference[] = [];
  protected recipients: string[] | null = null;
  protected recError: string | null = null;

  protected override async load(signal: AbortSignal) {
    this.prefs = (await lk.notifications.preferences({ signal })).data;
    if (can("company:manage"))
      this.recipients = (await lk.documents.recipients({ signal }).catch(() => ({ emails: [] }))).emails;
  }

  private async savePrefs(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const preferences = this.prefs.map((p) => ({
      kind: p.kind,
      in_app: (form.querySelector(`#n-${p.kind}-app`) as HTMLInputElement).checked,
      email: (form.querySelector(`#n-${p.kind}-mail`) as HTMLInputElement).checked,
    }));
    await this.act(
      L("Сохраняем…", "Saving…"),
      () => lk.notifications.setPreferences({ preferences }),
      () => L("Настройки уведомлений сохранены", "Notification settings saved"),
    );
  }

  private async saveRecipients(e: SubmitEvent) {
    e.preventDefault();
    const emails = String(new FormData(e.target as HTMLFormElement).get("emails") ?? "")
      .split(/[\s,;]+/)
      .filter(Boolean);
    this.recError = emails.map(email).find(Boolean) ?? null;
    if (this.recError) return;
    await this.act(
      L("Сохраняем…", "Saving…"),
      () => lk.documents.setRecipients({ emails }),
      () => L("Получатели документов сохранены", "Document recipients saved"),
    );
  }

  protected override render() {
    const me = currentUser();
    return html`${pageHeader(L("Профиль и уведомления", "Profile and notifications"))}
      <section class="card"><dl class="kv"><dt>${L("Имя", "Name")}</dt><dd>${me?.full_name}</dd><dt>${L("Логин", "Login")}</dt><dd>${me?.login}</dd>
        <dt>${L("Роль", "Role")}</dt><dd>${roleName(me?.role)}</dd><dt>${L("Компания", "Company")}</dt><dd>${me?.company.name}, ${L("ИНН", "INN")} ${me?.company.inn}, ${L("договор", "contract")} ${me?.company.contract_number}</dd></dl></section>
      <lk-password-change></lk-password-change>
      ${statusLine(this.status)}
      ${loadState(this.loading, this.loadError, false)}
      ${
        this.prefs.length
          ? html`<section class="card" aria-labelledby="h-n"><h2 id="h-n">${L("Уведомления", "Notifications")}</h2><form @submit=${this.savePrefs}>
          <div class="table-wrap" tabindex="0" role="region" aria-labelledby="h-n"><table><thead><tr><th>${L("Событие", "Event")}</th><th>${L("В кабинете", "In the cabinet")}</th><th>E-mail</th></tr></thead>
          <tbody>${this.prefs.map(
            (p) => html`<tr><td>${KINDS[p.kind]?.() ?? p.kind}</td>
            <td><input type="checkbox" id="n-${p.kind}-app" aria-label="${KINDS[p.kind]?.() ?? p.kind}: ${L("в кабинете", "in the cabinet")}" ?checked=${p.in_app} /></td>
            <td><input type="checkbox" id="n-${p.kind}-mail" aria-label="${KINDS[p.kind]?.() ?? p.kind}: e-mail" ?checked=${p.email} /></td></tr>`,
          )}</tbody></table></div>
          <button type="submit">${L("Сохранить", "Save")}</button></form></section>`
          : nothing
      }
      ${
        this.recipients
          ? html`<section class="card" aria-labelledby="h-rec"><h2 id="h-rec">${L("Кому отправлять документы", "Who receives documents")}</h2><form @submit=${this.saveRecipients} novalidate>
          ${field(L("Адреса e-mail через запятую", "E-mail addresses, comma-separated"), "rec", html`<input id="rec" name="emails" .value=${this.recipients.join(", ")} />`, this.recError)}
          <button type="submit">${L("Сохранить", "Save")}</button></form></section>`
          : nothing
      }`;
  }
}

customElements.define("lk-profile", LkProfile);
