import { html, nothing } from "lit";
import { rows } from "../../api/client";
import { lk } from "../../api/lk";
import type { Group } from "../../api/types";
import { L } from "../../core/i18n";
import { can } from "../../core/session";
import { required } from "../../core/validate";
import { LkScreen } from "../../ui/base";
import { field, loadState, pageHeader, statusLine } from "../../ui/parts";

/** The group tree with cost-centre codes: create, rename, move under another, delete empty ones. */
export class LkGroups extends LkScreen {
  static override properties = {
    ...LkScreen.properties,
    groups: { state: true },
    errors: { state: true },
    editing: { state: true },
  };
  protected groups: Group[] = [];
  protected errors: Record<string, string | null> = {};
  protected editing: Group | null = null;

  protected override async load(signal: AbortSignal) {
    this.groups = await rows(lk.groups.list({}, { signal }));
  }

  private kids(parent: string | null): Group[] {
    return this.groups
      .filter((g) => g.parent_id === parent)
      .sort((a, b) => a.name.localeCompare(b.name, "ru"));
  }

  private tree(parent: string | null): unknown {
    const kids = this.kids(parent);
    if (!kids.length) return nothing;
    return html`<ul role=${parent ? "group" : "tree"} aria-label=${parent ? nothing : L("Группы счетов", "Account groups")}>
      ${kids.map(
        (g) => html`<li role="treeitem" aria-expanded=${this.kids(g.id).length ? "true" : nothing}>
        <a href="/accounts?group_id=${g.id}">${g.name}</a>
        ${g.cost_center ? html`<span class="badge muted">${g.cost_center}</span>` : nothing}
        <span class="muted">${L(`счетов: ${g.accounts_count}`, `accounts: ${g.accounts_count}`)}</span>
        ${
          can("accounts:write")
            ? html`<button type="button" class="link" @click=${() => {
                this.editing = g;
              }}>${L("Изменить", "Edit")}<span class="visually-hidden"> ${g.name}</span></button>
            ${g.accounts_count === 0 ? html`<button type="button" class="link" @click=${() => this.removeGroup(g)}>${L("Удалить", "Delete")}<span class="visually-hidden"> ${g.name}</span></button>` : nothing}`
            : nothing
        }
        ${this.tree(g.id)}
      </li>`,
      )}
    </ul>`;
  }

  private async removeGroup(g: Group) {
    if (!confirm(L(`Удалить группу «${g.name}»?`, `Delete group "${g.name}"?`))) return;
    if (
      await this.act(
        L("Удаляем…", "Deleting…"),
        () => lk.groups.delete(g.id),
        () => L("Группа удалена", "Group deleted"),
      )
    )
      await this.reload();
    else await this.reload();
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const name = String(f.get("name") ?? "").trim();
    this.errors = { name: required(name) };
    if (this.errors.name) return;
    const body = {
      name,
      cost_center: String(f.get("cost_center") ?? "").trim() || null,
      parent_id: String(f.get("parent_id") ?? "") || null,
    };
    const editing = this.editing;
    const ok = await this.act(
      L("Сохраняем…", "Saving…"),
      () => (editing ? lk.groups.update(editing.id, body) : lk.groups.create(body)),
      () => L("Группа сохранена", "Group saved"),
      (errors) => {
        this.errors = errors;
      },
    );
    if (ok) {
      this.editing = null;
      (e.target as HTMLFormElement).reset();
      await this.reload();
    }
  }

  protected override render() {
    const g = this.editing;
    return html`${pageHeader(L("Группы счетов", "Account groups"))}
      ${loadState(this.loading, this.loadError, !this.loading && !this.groups.length, ["Групп пока нет", "No groups yet"])}
      <section class="card">${this.tree(null)}</section>
      ${
        can("accounts:write")
          ? html`<section class="card" aria-labelledby="h-gform"><h2 id="h-gform">${g ? L(`Изменить «${g.name}»`, `Edit "${g.name}"`) : L("Новая группа", "New group")}</h2>
          <form @submit=${this.save} novalidate>
            ${field(L("Название", "Name"), "g-name", html`<input id="g-name" name="name" .value=${g?.name ?? ""} aria-describedby="g-name-err" />`, this.errors.name)}
            ${field(L("Код центра затрат", "Cost-centre code"), "g-cc", html`<input id="g-cc" name="cost_center" .value=${g?.cost_center ?? ""} />`, this.errors.cost_center)}
            ${field(
              L("Внутри группы", "Inside group"),
              "g-parent",
              html`<select id="g-parent" name="parent_id">
              <option value="">${L("Верхний уровень", "Top level")}</option>
              ${this.groups.filter((x) => x.id !== g?.id).map((x) => html`<option value=${x.id} ?selected=${g?.parent_id === x.id}>${x.path.join(" / ")}</option>`)}
            </select>`,
              this.errors.parent_id,
            )}
            <div class="actions"><button type="submit">${L("Сохранить", "Save")}</button>
            ${
              g
                ? html`<button type="button" class="secondary" @click=${() => {
                    this.editing = null;
                  }}>${L("Отмена", "Cancel")}</button>`
                : nothing
            }</div>
          </form>${statusLine(this.status)}</section>`
          : nothing
      }`;
  }
}

customElements.define("lk-groups", LkGroups);
