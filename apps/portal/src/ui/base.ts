import { LitElement } from "lit";
import { errorText, fieldErrors } from "../api/client";
import { onRoute } from "../core/router";
import { onSession } from "../core/session";
import { clearFieldErrors, markFieldErrors } from "./field-errors";
import { onMoneyMoved } from "./money";

/**
 * Every portal element renders into the light DOM: one linked stylesheet (CSP `style-src 'self'`)
 * styles the whole app, labels and inputs share a tree for assistive tech, and tests and axe see
 * plain DOM. Elements re-render when the language or the session changes.
 */
export class LkElement extends LitElement {
  private offs: (() => void)[] = [];
  private readonly relang = () => this.requestUpdate();

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    addEventListener("lk-lang", this.relang);
    this.offs.push(onSession(() => this.requestUpdate()));
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    removeEventListener("lk-lang", this.relang);
    for (const off of this.offs) off();
    this.offs = [];
  }

  protected listen(off: () => void) {
    this.offs.push(off);
  }
}

/** What an action is doing now, for the live region: busy text, the result, or the error. */
export interface Status {
  kind: "busy" | "ok" | "error";
  text: string;
}

/**
 * A screen: loads its data from the URL (path params + query) on connect, on every route change
 * and on language change; the latest load wins (earlier ones are aborted).
 */
export class LkScreen extends LkElement {
  static override properties = {
    params: { attribute: false },
    loading: { state: true },
    loadError: { state: true },
    status: { state: true },
  };

  params: Record<string, string> = {};
  protected loading = false;
  protected loadError = "";
  protected status: Status | null = null;
  private ctrl: AbortController | undefined;
  private lastUrl = "";
  /** The form whose submit started the current action: the server's field errors are marked on it. */
  private submitted: HTMLFormElement | null = null;
  private readonly onSubmit = (e: Event) => {
    this.submitted = e.target instanceof HTMLFormElement ? e.target : null;
  };

  override connectedCallback() {
    super.connectedCallback();
    // Capture: seen before the form's own handler starts act().
    this.addEventListener("submit", this.onSubmit, true);
    this.listen(
      onRoute(() => {
        // After the shell has rendered the new params (it renders in a microtask).
        setTimeout(() => {
          if (this.isConnected && location.href !== this.lastUrl) void this.reload();
        }, 0);
      }),
    );
    // A payment settled elsewhere (another tab's screen, the pay result): show the new truth.
    this.listen(onMoneyMoved(() => void this.reload()));
    // What the server wrote in words (notices, statuses, errors) comes in the request's language:
    // after a switch, ask again so no Russian stays on an English screen.
    const relang = () => void this.reload();
    addEventListener("lk-lang", relang);
    this.listen(() => removeEventListener("lk-lang", relang));
    void this.reload();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.removeEventListener("submit", this.onSubmit, true);
    this.ctrl?.abort();
  }

  /**
   * A form's own submit failed: the error goes to the live region and each field the server named
   * is marked on `form` (focus on the first). Returns the messages by field for the form's state.
   */
  protected async failed(err: unknown, form: HTMLFormElement | null): Promise<Record<string, string>> {
    this.status = { kind: "error", text: errorText(err) };
    const fields = fieldErrors(err);
    if (form?.isConnected && Object.keys(fields).length) {
      await this.updateComplete;
      markFieldErrors(form, fields);
    }
    return fields;
  }

  /** Fetch what the screen shows; `signal` is aborted when a newer load starts. */
  protected async load(_signal: AbortSignal): Promise<void> {}

  async reload() {
    this.lastUrl = location.href;
    this.ctrl?.abort();
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    this.loading = true;
    this.loadError = "";
    // `data-loaded` on the screen's element says its data has come (or failed): what the portal
    // bench and the browser tests wait for, instead of guessing from a spinner.
    this.removeAttribute("data-loaded");
    try {
      await this.load(ctrl.signal);
    } catch (e) {
      if (!ctrl.signal.aborted) this.loadError = errorText(e);
    } finally {
      if (this.ctrl === ctrl) {
        this.loading = false;
        this.setAttribute("data-loaded", "");
      }
    }
  }

  /**
   * Runs an action with a busy message, then a result or the server's error in the live region.
   * `onFields` hears a validation error's messages by field, so the form can mark each field.
   */
  protected async act<T>(
    busy: string,
    fn: () => Promise<T>,
    ok?: (r: T) => string,
    onFields?: (errors: Record<string, string>) => void,
  ): Promise<T | undefined> {
    this.status = { kind: "busy", text: busy };
    const form = this.submitted?.isConnected ? this.submitted : null;
    this.submitted = null;
    if (form) clearFieldErrors(form);
    try {
      const r = await fn();
      this.status = ok ? { kind: "ok", text: ok(r) } : null;
      return r;
    } catch (e) {
      this.status = { kind: "error", text: errorText(e) };
      const fields = fieldErrors(e);
      if (onFields && Object.keys(fields).length) onFields(fields);
      // Each field the server named is marked on the submitted form, focus on the first.
      if (form && Object.keys(fields).length) {
        await this.updateComplete;
        markFieldErrors(form, fields);
      }
      return undefined;
    }
  }
}
