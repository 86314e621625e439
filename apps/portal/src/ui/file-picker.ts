import { html } from "lit";
import { fmtBytes, plural } from "../core/format";
import { L } from "../core/i18n";

export interface FilePickerOptions {
  /** The input's id: the field's own `<label for>` names it, errors are `${id}-err`. */
  id: string;
  name: string;
  accept: string;
  multiple?: boolean;
  files: File[];
  invalid: boolean;
  onChange: (files: File[]) => void;
}

/**
 * A file input with a button and a line in the page's language. The browser draws its own «Choose
 * Files / No file chosen» in the browser's language, whatever the page's; so the input is kept
 * (visually hidden, still focusable and keyboard-operable, still what forms and tests fill) and a
 * label styled as a button opens it. The button's label is hidden from assistive technology: the
 * field's visible label names the input, and the chosen files are its description.
 */
export function filePicker(o: FilePickerOptions) {
  const chosen = o.files.length
    ? `${plural(o.files.length, { one: "файл", few: "файла", many: "файлов" }, { one: "file", other: "files" })}, ${fmtBytes(
        o.files.reduce((s, f) => s + f.size, 0),
      )}: ${o.files.map((f) => f.name).join(", ")}`
    : o.multiple
      ? L("Файлы не выбраны", "No files chosen")
      : L("Файл не выбран", "No file chosen");
  return html`<div class="file-pick">
    <input id=${o.id} name=${o.name} type="file" class="visually-hidden" ?multiple=${o.multiple ?? false} accept=${o.accept}
      aria-invalid=${o.invalid ? "true" : "false"} aria-describedby="${o.id}-summary ${o.id}-err"
      @change=${(e: Event) => o.onChange([...((e.target as HTMLInputElement).files ?? [])])} />
    <label for=${o.id} class="button secondary" aria-hidden="true">${
      o.multiple ? L("Выбрать файлы", "Choose files") : L("Выбрать файл", "Choose a file")
    }</label>
    <span id="${o.id}-summary" class="muted">${chosen}</span>
  </div>`;
}
