import { html, nothing } from "lit";
import { rows } from "../../api/client";
import { lk } from "../../api/lk";
import type { Account, AutopayRule, SavedCard } from "../../api/types";
import { fmtDate, fmtMoney, monthOf, parseRubles, plural } from "../../core/format";
import { L } from "../../core/i18n";
import { can } from "../../core/session";
import { accountOptions, accountSelect } from "../../ui/accounts";
import { LkScreen } from "../../ui/base";
import { field, loadState, pageHeader, statusBadge, statusLine } from "../../ui/parts";

const disabledReason = (code: string) =>
  ({
    by_user: L("выключено вручную", "turned off by a user"),
    too_many_failures: L("выключено после неудачных списаний", "turned off after failed charges"),
    card_removed: L("карта удалена", "the card was removed"),
  })[code] ?? L("выключено", "turned off");

/** «•••• 4242» from whatever mask the acquirer gave. */
const cardMask = (c: SavedCard) => {
  const last4 = c.mask?.match(/(\d{4})\s*$/)?.[1];
  return last4 ? `•••• ${last4}` : L("карта", "card");
};

/**
 * «до 12/28» from the expiry the acquirer reported when the card was saved; «срок истёк 11/26» once
 * past its month (an autopay would fail on it). Nothing for a card saved before expiries were kept.
 */
const cardExpiry = (c: SavedCard) => {
  if (!c.expiry_month || !c.expiry_year) return "";
  const mmyy = `${String(c.expiry_month).padStart(2, "0")}/${String(c.expiry_year % 100).padStart(2, "0")}`;
  // This month in the operator's time zone, as every date on screen (a card of 11/26 works all November).
  const [y, m] = monthOf().split("-").map(Number) as [number, number];
  const expired = c.expiry_year * 12 + c.expiry_month < y * 12 + m;
  return expired ? L(`срок истёк ${mmyy}`, `expired ${mmyy}`) : L(`до ${mmyy}`, `valid to ${mmyy}`);
};

/** The card as a person names it: «•••• 4242 до 12/28». */
const cardName = (c: SavedCard) => [cardMask(c), cardExpiry(c)].filter(Boolean).join(" ");

const autopays = (n: number) =>
  plural(
    n,
    { one: "автоплатёж", few: "автоплатежа", many: "автоплатежей" },
    { one: "autopay", other: "autopays" },
  );

/** Autopay rules with a saved card: top up below a threshold, or pay the month's debt on a day. */
export class LkAutopay extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    rules: { state: true },
    cards: { state: true },
    accounts: { state: true },
    errors: { state: true },
    kind: { state: true },
    confirming: { state: true },
  };
  protected rules: AutopayRule[] = [];
  protected cards: SavedCard[] = [];
  protected accounts: Account[] = [];
  protected errors: Record<string, string | null> = {};
  protected kind: "threshold" | "monthly_debt" = "threshold";
  /** The card whose removal waits for «Да, удалить». */
  protected confirming: SavedCard | null = null;

  protected override async load(signal: AbortSignal) {
    const [r, c, a] = await Promise.all([
      rows(lk.autopayRules.list({}, { signal })),
      rows(lk.savedCards.list({}, { signal })),
      accountOptions(signal),
    ]);
    this.rules = r;
    this.cards = c;
    this.accounts = a;
  }

  private async create(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const rub = (k: string) => parseRubles(String(f.get(k) ?? ""));
    const accountId = String(f.get("account_id") ?? "");
    const cardId = String(f.get("saved_card_id") ?? "");
    const limit = rub("monthly_limit");
    const threshold = rub("threshold");
    const amount = rub("amount");
    this.errors = {
      account_id: accountId ? null : L("Выберите счёт", "Pick an account"),
      saved_card_id: cardId ? null : L("Выберите карту", "Pick a card"),
      monthly_limit: limit ? null : L("Сумма в рублях", "An amount in rubles"),
      threshold:
        this.kind === "threshold" && threshold === null ? L("Сумма в рублях", "An amount in rubles") : null,
      amount: this.kind === "threshold" && !amount ? L("Сумма в рублях", "An amount in rubles") : null,
    };
    if (Object.values(this.errors).some(Boolean) || !limit) return;
    const body =
      this.kind === "threshold"
        ? {
            account_id: accountId,
            kind: "threshold" as const,
            saved_card_id: cardId,
            monthly_limit: limit,
            threshold: threshold ?? 0,
            amount: amount ?? 0,
          }
        : {
            account_id: accountId,
            kind: "monthly_debt" as const,
            saved_card_id: cardId,
            monthly_limit: limit,
            day_of_month: Number(f.get("day_of_month")),
          };
    try {
      this.status = { kind: "busy", text: L("Сохраняем правило…", "Saving the rule…") };
      await lk.autopayRules.create(body);
      this.status = { kind: "ok", text: L("Правило создано", "Rule created") };
      await this.reload();
    } catch (err) {
      this.errors = await this.failed(err, e.target as HTMLFormElement);
    }
  }

  private async removeCard(c: SavedCard) {
    const done = await this.act(
      L("Удаляем карту…", "Removing the card…"),
      () => lk.savedCards.remove(c.id),
      (r) =>
        r.autopay_rules_disabled
          ? L(
              `Карта ${cardMask(c)} удалена; выключено: ${autopays(r.autopay_rules_disabled)}`,
              `Card ${cardMask(c)} removed; turned off: ${autopays(r.autopay_rules_disabled)}`,
            )
          : L(`Карта ${cardMask(c)} удалена`, `Card ${cardMask(c)} removed`),
    );
    this.confirming = null;
    if (done) await this.reload();
  }

  private cardsSection(w: boolean) {
    return html`<section class="card" aria-labelledby="h-cards"><h2 id="h-cards">${L("Сохранённые карты", "Saved cards")}</h2>
      ${
        this.cards.length
          ? html`<ul class="plain" id="saved-cards">${this.cards.map(
              (c) => html`<li data-testid="saved-card">
                <strong>${cardMask(c)}</strong>${cardExpiry(c) ? html` <span data-testid="card-expiry">${cardExpiry(c)}</span>` : nothing}
                · ${L("сохранена", "saved")} ${fmtDate(c.created_at)}
                ${c.autopay_rules ? html` · ${L("по ней", "used by")} ${autopays(c.autopay_rules)}` : nothing}
                ${
                  w && this.confirming?.id !== c.id
                    ? html`<button type="button" class="link" @click=${() => {
                        this.confirming = c;
                      }}>${L("Удалить", "Remove")}<span class="visually-hidden"> ${cardMask(c)}</span></button>`
                    : nothing
                }
                ${
                  w && this.confirming?.id === c.id
                    ? html`<div class="confirm" role="alertdialog" aria-labelledby="rm-q-${c.id}">
                        <p id="rm-q-${c.id}">${L(`Удалить карту ${cardMask(c)}?`, `Remove card ${cardMask(c)}?`)}
                          ${
                            c.autopay_rules
                              ? L(
                                  ` Автоплатежи по ней будут выключены (${c.autopay_rules}).`,
                                  ` The autopays that use it will be turned off (${c.autopay_rules}).`,
                                )
                              : ""
                          }</p>
                        <button type="button" class="danger" @click=${() => this.removeCard(c)}>${L("Да, удалить", "Yes, remove")}</button>
                        <button type="button" class="secondary" @click=${() => {
                          this.confirming = null;
                        }}>${L("Отмена", "Cancel")}</button>
                      </div>`
                    : nothing
                }
              </li>`,
            )}</ul>`
          : html`<p>${L("Сохранённых карт нет.", "No saved cards.")}</p>`
      }
      ${w ? html`<p><a href="/pay">${L("Сохранить новую карту: оплатите с галочкой «Сохранить карту»", "Save a new card: pay with “Save the card” ticked")}</a></p>` : nothing}
    </section>`;
  }

  private number(id: string) {
    return this.accounts.find((a) => a.id === id)?.number ?? "—";
  }

  protected override render() {
    const w = can("payments:write");
    return html`${pageHeader(L("Автоплатёж", "Autopay"))}
      ${loadState(this.loading, this.loadError, !this.loading && !this.rules.length, ["Автоплатежей пока нет", "No autopay rules yet"])}
      ${this.loading ? nothing : this.cardsSection(w)}
      ${
        this.rules.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label=${L("Правила", "Rules")}><table>
          <thead><tr><th>${L("Счёт", "Account")}</th><th>${L("Правило", "Rule")}</th><th class="num">${L("Лимит в месяц", "Monthly limit")}</th><th>${L("Состояние", "State")}</th>${w ? html`<th>${L("Действия", "Actions")}</th>` : nothing}</tr></thead>
          <tbody>${this.rules.map(
            (r) => html`<tr><td><span data-testid="rule-account">${this.number(r.account_id)}</span></td>
            <td>${
              r.kind === "threshold"
                ? L(
                    `Пополнить на ${fmtMoney(r.amount)}, когда баланс ниже ${fmtMoney(r.threshold)}`,
                    `Top up ${fmtMoney(r.amount)} when below ${fmtMoney(r.threshold)}`,
                  )
                : L(`Погасить долг ${r.day_of_month}-го числа`, `Pay off the debt on day ${r.day_of_month}`)
            }</td>
            <td class="num">${fmtMoney(r.monthly_limit)}</td>
            <td>${r.enabled ? statusBadge(L("включено", "on"), "ok") : statusBadge(L("выключено", "off"), "muted")} ${r.disabled_reason ? disabledReason(r.disabled_reason) : ""}</td>
            ${
              w
                ? html`<td><button type="button" class="link" @click=${async () => {
                    if (
                      await this.act(
                        L("Сохраняем…", "Saving…"),
                        () => lk.autopayRules.update(r.id, { enabled: !r.enabled }),
                        () => L("Сохранено", "Saved"),
                      )
                    )
                      await this.reload();
                  }}>${r.enabled ? L("Выключить", "Disable") : L("Включить", "Enable")}</button>
              <button type="button" class="link" @click=${async () => {
                if (
                  await this.act(
                    L("Удаляем…", "Deleting…"),
                    () => lk.autopayRules.delete(r.id),
                    () => L("Удалено", "Deleted"),
                  )
                )
                  await this.reload();
              }}>${L("Удалить", "Delete")}</button></td>`
                : nothing
            }</tr>`,
          )}</tbody></table></div>`
          : nothing
      }
      ${
        w
          ? html`<section class="card" aria-labelledby="h-ap"><h2 id="h-ap">${L("Новое правило", "New rule")}</h2>
          ${
            this.cards.length
              ? html`<form @submit=${this.create} novalidate>
              <fieldset><legend>${L("Тип", "Kind")}</legend>
                <label><input type="radio" name="kind" value="threshold" .checked=${this.kind === "threshold"} @change=${() => {
                  this.kind = "threshold";
                }} /> ${L("Пополнять при низком балансе", "Top up when the balance is low")}</label><br />
                <label><input type="radio" name="kind" value="monthly_debt" .checked=${this.kind === "monthly_debt"} @change=${() => {
                  this.kind = "monthly_debt";
                }} /> ${L("Гасить долг раз в месяц", "Pay off the debt monthly")}</label></fieldset>
              <div class="grid">
                ${field(L("Счёт", "Account"), "ap-acc", accountSelect("ap-acc", "account_id", this.accounts), this.errors.account_id)}
                ${field(L("Карта", "Card"), "ap-card", html`<select id="ap-card" name="saved_card_id">${this.cards.map((c) => html`<option value=${c.id}>${cardName(c)}</option>`)}</select>`, this.errors.saved_card_id)}
                ${
                  this.kind === "threshold"
                    ? html`${field(L("Порог, ₽", "Threshold, ₽"), "ap-th", html`<input id="ap-th" name="threshold" inputmode="decimal" />`, this.errors.threshold)}
                    ${field(L("Пополнять на, ₽", "Top up by, ₽"), "ap-amount", html`<input id="ap-amount" name="amount" inputmode="decimal" />`, this.errors.amount)}`
                    : field(
                        L("День месяца", "Day of month"),
                        "ap-day",
                        html`<input id="ap-day" name="day_of_month" type="number" min="1" max="28" value="5" />`,
                        this.errors.day_of_month,
                      )
                }
                ${field(L("Лимит в месяц, ₽", "Monthly limit, ₽"), "ap-limit", html`<input id="ap-limit" name="monthly_limit" inputmode="decimal" />`, this.errors.monthly_limit)}
              </div>
              <button type="submit">${L("Создать правило", "Create the rule")}</button></form>`
              : html`<p>${L("Сохранённых карт нет. Оплатите картой с галочкой «сохранить карту», и она появится здесь.", "No saved cards yet. Pay by card with “save the card” and it appears here.")}</p>`
          }
          ${statusLine(this.status)}</section>`
          : nothing
      }`;
  }
}

customElements.define("lk-autopay", LkAutopay);
