import { html, nothing } from "lit";
import { rows } from "../../api/client";
import { lk } from "../../api/lk";
import type { Group, LinkChallenge } from "../../api/types";
import { fmtDateTime } from "../../core/format";
import { L } from "../../core/i18n";
import { navigate } from "../../core/router";
import { normPhone, phone } from "../../core/validate";
import { LkScreen } from "../../ui/base";
import { moneyMoved } from "../../ui/money";
import { field, pageHeader, statusLine } from "../../ui/parts";

/**
 * Adds an account to the company: its number and region (or a phone number of its services) → a
 * 6-digit code goes to the contact of
 * the account's contract (masked on screen) and is valid for 5 minutes → the code links it.
 */
export class LkAccountLink extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    challenge: { state: true },
    groups: { state: true },
    errors: { state: true },
    left: { state: true },
    by: { state: true },
  };
  /** Find the account by its number and region, or by a phone number of its services. */
  protected by: "number" | "phone" = "number";
  protected challenge: LinkChallenge | null = null;
  protected groups: Group[] = [];
  protected errors: Record<string, string | null> = {};
  /** Seconds until the code expires, counted down on screen. */
  protected left = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  protected override async load(signal: AbortSignal) {
    this.groups = await rows(lk.groups.list({}, { signal })).catch(() => []);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  private tick() {
    clearInterval(this.timer);
    const until = this.challenge ? Date.parse(this.challenge.expires_at) : 0;
    const update = () => {
      this.left = Math.max(0, Math.round((until - Date.now()) / 1000));
      if (!this.left) clearInterval(this.timer);
    };
    update();
    this.timer = setInterval(update, 1000);
  }

  private async request(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const number = String(f.get("account_number") ?? "").trim();
    const region = String(f.get("region") ?? "").trim();
    const tel = String(f.get("phone") ?? "").trim();
    const group = String(f.get("group_id") ?? "");
    this.errors =
      this.by === "phone"
        ? { phone: tel ? phone(tel) : L("Введите номер телефона", "Enter a phone number") }
        : {
            account_number: /^\d{6,}$/.test(number)
              ? null
              : L("Номер лицевого счёта — цифры", "The account number is digits"),
            region: /^\d{2,3}$/.test(region)
              ? null
              : L("Код региона — 2–3 цифры", "A region code is 2–3 digits"),
          };
    if (Object.values(this.errors).some(Boolean)) return;
    const which = this.by === "phone" ? { phone: normPhone(tel) } : { account_number: number, region };
    const c = await this.act(
      L("Отправляем код…", "Sending the code…"),
      () => lk.accounts.link({ ...which, ...(group ? { group_id: group } : {}) }),
      undefined,
      (fe) => {
        this.errors = fe;
      },
    );
    if (!c) return;
    this.challenge = c;
    this.tick();
    await this.updateComplete;
    (this.querySelector("#link-code") as HTMLElement | null)?.focus();
  }

  private async confirm(e: SubmitEvent) {
    e.preventDefault();
    const c = this.challenge;
    if (!c) return;
    const code = String(new FormData(e.target as HTMLFormElement).get("code") ?? "").trim();
    this.errors = { code: /^\d{6}$/.test(code) ? null : L("Код — 6 цифр", "The code is 6 digits") };
    if (this.errors.code) return;
    const acc = await this.act(
      L("Проверяем код…", "Checking the code…"),
      () => lk.accounts.confirmLink(c.link_id, { code }),
      undefined,
      (fe) => {
        this.errors = fe;
      },
    );
    if (!acc) return;
    moneyMoved();
    navigate(`/accounts/${acc.id}`);
  }

  protected override render() {
    const c = this.challenge;
    const mm = String(Math.floor(this.left / 60));
    const ss = String(this.left % 60).padStart(2, "0");
    return html`${pageHeader(L("Добавить лицевой счёт", "Add an account"))}
      <section class="card" aria-labelledby="h-link">
      ${
        !c
          ? html`<h2 id="h-link">${L("Какой счёт добавить", "Which account to add")}</h2>
        <p class="muted">${L(
          "Код подтверждения придёт на контакт, указанный в договоре этого счёта. Код действует 5 минут.",
          "A confirmation code goes to the contact in this account's contract. The code is valid for 5 minutes.",
        )}</p>
        <form @submit=${this.request} novalidate>
          <fieldset class="row"><legend>${L("Найти счёт", "Find the account")}</legend>
            ${(["number", "phone"] as const).map(
              (
                b,
              ) => html`<label class="row"><input type="radio" name="by" value=${b} .checked=${this.by === b}
                @change=${() => {
                  this.by = b;
                  this.errors = {};
                }} /> ${b === "number" ? L("по номеру лицевого счёта", "by account number") : L("по номеру телефона", "by phone number")}</label>`,
            )}
          </fieldset>
          <div class="grid">
            ${
              this.by === "phone"
                ? field(
                    L("Номер телефона", "Phone number"),
                    "link-phone",
                    html`<input id="link-phone" name="phone" type="tel" inputmode="tel" autocomplete="off" placeholder="+7 495 123-45-67" aria-describedby="link-phone-hint link-phone-err" />`,
                    this.errors.phone,
                    L(
                      "Городской или мобильный номер одной из услуг счёта",
                      "A landline or mobile number of one of the account's services",
                    ),
                  )
                : html`${field(L("Номер лицевого счёта", "Account number"), "link-number", html`<input id="link-number" name="account_number" inputmode="numeric" autocomplete="off" aria-describedby="link-number-err" />`, this.errors.account_number)}
            ${field(L("Код региона", "Region code"), "link-region", html`<input id="link-region" name="region" inputmode="numeric" value="77" aria-describedby="link-region-err" />`, this.errors.region)}`
            }
            ${field(
              L("В группу", "Into group"),
              "link-group",
              html`<select id="link-group" name="group_id"><option value="">${L("Без группы", "No group")}</option>
              ${this.groups.map((g) => html`<option value=${g.id}>${g.path.join(" / ")}</option>`)}</select>`,
              this.errors.group_id,
            )}
          </div>
          <button type="submit">${L("Получить код", "Get the code")}</button>
        </form>`
          : html`<h2 id="h-link">${L("Код подтверждения", "Confirmation code")}</h2>
        <p>${
          c.channel === "sms"
            ? L(`Код отправлен по SMS на ${c.sent_to}.`, `The code was sent by SMS to ${c.sent_to}.`)
            : L(`Код отправлен на e-mail ${c.sent_to}.`, `The code was sent to ${c.sent_to}.`)
        } ${L(`Действует до ${fmtDateTime(c.expires_at)}.`, `Valid until ${fmtDateTime(c.expires_at)}.`)}</p>
        <p role="timer" aria-live="off" data-testid="link-left">${
          this.left
            ? L(`Осталось ${mm}:${ss}`, `${mm}:${ss} left`)
            : L("Срок кода истёк — запросите новый.", "The code has expired — request a new one.")
        }</p>
        <form @submit=${this.confirm} novalidate>
          ${field(L("Код из сообщения", "Code from the message"), "link-code", html`<input id="link-code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" aria-describedby="link-code-err" />`, this.errors.code)}
          <div class="actions"><button type="submit" ?disabled=${!this.left}>${L("Привязать счёт", "Link the account")}</button>
          <button type="button" class="secondary" @click=${() => {
            this.challenge = null;
            this.status = null;
          }}>${L("Запросить новый код", "Request a new code")}</button></div>
        </form>`
      }
      ${statusLine(this.status)}</section>
      ${c ? nothing : html`<p><a href="/accounts">${L("К списку счетов", "Back to the accounts")}</a></p>`}`;
  }
}

customElements.define("lk-account-link", LkAccountLink);
