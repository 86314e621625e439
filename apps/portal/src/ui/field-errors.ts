// The server's verdict on a form, shown where the person is looking: a 400/422 with `errors[]`
// marks each named field (aria-invalid, the message under it, tied by aria-describedby) and moves
// focus to the first one, instead of a lone «Проверьте введённые данные» at the top. One helper for
// every form: LkScreen.act() calls it with the form that was submitted.

const MARK = "data-server-error";

/** The control for an API field name: by `name` (what FormData sends), else by id. */
function controlFor(form: HTMLFormElement, field: string): HTMLElement | null {
  const byName = form.querySelector<HTMLElement>(`[name="${CSS.escape(field)}"]`);
  if (byName) return byName;
  return form.querySelector<HTMLElement>(`#${CSS.escape(field)}`);
}

/** The element under the control that carries its message (`<id>-err` from field()), made if absent. */
function messageFor(control: HTMLElement): HTMLElement {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  let msg = control.ownerDocument.getElementById(`${id}-err`);
  if (!msg) {
    msg = control.ownerDocument.createElement("small");
    msg.id = `${id}-err`;
    msg.className = "error-text";
    msg.setAttribute(MARK, "created");
    (control.closest("label") ?? control).insertAdjacentElement("afterend", msg);
  }
  const described = (control.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
  if (!described.includes(msg.id)) control.setAttribute("aria-describedby", [...described, msg.id].join(" "));
  return msg;
}

/** Takes back the marks of an earlier answer (on a new submit, or as the person edits a field). */
export function clearFieldErrors(form: HTMLFormElement, control?: HTMLElement) {
  for (const el of form.querySelectorAll<HTMLElement>(`[${MARK}]`)) {
    if (control && el !== control && el.id !== `${control.id}-err`) continue;
    if (el.getAttribute(MARK) === "created") el.remove();
    else if (el.getAttribute(MARK) === "message") {
      el.textContent = "";
      el.removeAttribute(MARK);
    } else {
      el.setAttribute("aria-invalid", "false");
      el.closest(".field")?.classList.remove("invalid");
      el.removeAttribute(MARK);
    }
  }
}

/**
 * Marks the fields the server named. Returns how many were found on the form; the caller keeps the
 * general message for any it could not place.
 */
export function markFieldErrors(form: HTMLFormElement, errors: Record<string, string>): number {
  clearFieldErrors(form);
  let first: HTMLElement | null = null;
  let placed = 0;
  for (const [field, message] of Object.entries(errors)) {
    const control = controlFor(form, field);
    if (!control) continue;
    placed++;
    control.setAttribute("aria-invalid", "true");
    control.setAttribute(MARK, "control");
    control.closest(".field")?.classList.add("invalid");
    const msg = messageFor(control);
    msg.textContent = message;
    if (!msg.hasAttribute(MARK)) msg.setAttribute(MARK, "message");
    first ??= control;
    control.addEventListener("input", () => clearFieldErrors(form, control), { once: true });
  }
  first?.focus();
  return placed;
}
