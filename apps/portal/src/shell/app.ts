import { html, nothing } from "lit";
import { errorText } from "../api/client";
import { L, lang, setLang } from "../core/i18n";
import { interceptLinks, match, navigate, onRoute } from "../core/router";
import { authApi, can, currentUser, restore, setUser } from "../core/session";
import { LkElement } from "../ui/base";
import { type PublicRoute, publicRouteFor } from "./public-routes";
import { type Route, routes } from "./routes";

type Phase = "boot" | "signed-out" | "must-change" | "in";

/**
 * The app shell: restores the session, then shows sign-in, the forced password change, or the
 * navigation with the current screen in <main>. On every route change it loads the screen's chunk,
 * sets the title, moves focus to the new heading and announces it.
 */
export class LkApp extends LkElement {
  static override properties = {
    phase: { state: true },
    route: { state: true },
    params: { state: true },
    menuOpen: { state: true },
    announce: { state: true },
    chunkError: { state: true },
    demo: { state: true },
  };

  protected phase: Phase = "boot";
  protected route: Route | null = null;
  protected params: Record<string, string> = {};
  protected menuOpen = false;
  protected announce = "";
  protected chunkError = "";
  /** A demo server (`--demo`): the footer links its test mailbox. */
  protected demo = false;
  private firstRoute = true;

  override connectedCallback() {
    super.connectedCallback();
    interceptLinks();
    this.listen(
      onRoute(() => {
        this.requestUpdate(); // a public page may be entered or left in any phase
        void this.resolve();
      }),
    );
    void import("../api/demo").then(async (m) => {
      this.demo = await m.isDemo();
    });
    addEventListener("lk-signed-in", () => void this.boot());
    addEventListener("lk-signed-out", () => {
      setUser(null);
      this.phase = "signed-out";
      void import("../screens/sign-in/sign-in");
    });
    void this.boot();
  }

  private async boot() {
    const me = await restore();
    this.phase = !me ? "signed-out" : me.password_change_required ? "must-change" : "in";
    if (this.phase !== "in") await import("../screens/sign-in/sign-in");
    else await this.resolve();
  }

  private async resolve() {
    if (this.phase !== "in") return;
    this.menuOpen = false;
    const path = location.pathname;
    let found: Route | null = null;
    let params: Record<string, string> = {};
    for (const r of routes) {
      const p = match(r.path, path);
      if (p) {
        found = r;
        params = p;
        break;
      }
    }
    if (found && !this.allowed(found)) found = null;
    const same = found === this.route && JSON.stringify(params) === JSON.stringify(this.params);
    if (found && !customElements.get(found.tag)) {
      try {
        await found.load();
        this.chunkError = "";
      } catch (e) {
        this.chunkError = errorText(e);
      }
    }
    this.route = found;
    this.params = params;
    document.title = `${found ? found.title() : L("Страница не найдена", "Page not found")} — ${L("ЛК Бизнес", "LK Business")}`;
    if (same) return; // only the query changed: the screen reloads itself, focus stays put
    await this.updateComplete;
    if (this.firstRoute) {
      this.firstRoute = false;
      return;
    }
    this.announce = document.title;
    const screen = this.querySelector("main > *") as
      | (HTMLElement & { updateComplete?: Promise<unknown> })
      | null;
    await screen?.updateComplete;
    (this.querySelector("main h1") as HTMLElement | null)?.focus();
  }

  private allowed(r: Route) {
    return !r.needs || can(r.needs);
  }

  private async signOut(everywhere: boolean) {
    try {
      await (everywhere ? authApi.signOutAll() : authApi.signOut());
    } catch {
      // the session may already be gone; signing out locally is what matters
    }
    setUser(null);
    this.phase = "signed-out";
    await import("../screens/sign-in/sign-in");
    navigate("/", { replace: true });
  }

  /** A page reached without signing in, shown whatever the session (its chunk loads on first visit). */
  private publicPage(r: PublicRoute) {
    document.title = `${r.title()} — ${L("ЛК Бизнес", "LK Business")}`;
    if (!customElements.get(r.tag)) {
      void r.load().then(
        () => this.requestUpdate(),
        (e) => {
          this.chunkError = errorText(e);
        },
      );
      return html`<p class="boot" role="status">${this.chunkError || L("Загрузка…", "Loading…")}</p>`;
    }
    return this.querySelector(`:scope > ${r.tag}`) ?? document.createElement(r.tag);
  }

  protected override render() {
    const pub = publicRouteFor(location.pathname);
    if (pub) return this.publicPage(pub);
    if (this.phase === "boot")
      return html`<p class="boot" role="status">${L("Загрузка кабинета…", "Loading the cabinet…")}</p>`;
    if (this.phase === "signed-out") return html`<lk-sign-in></lk-sign-in>`;
    if (this.phase === "must-change") return html`<lk-password-change forced></lk-password-change>`;
    const me = currentUser();
    return html`
      <a class="skip" href="#main">${L("Перейти к содержимому", "Skip to content")}</a>
      <header class="topbar">
        <button type="button" class="menu-toggle secondary" aria-expanded=${this.menuOpen} aria-controls="nav"
          @click=${() => {
            this.menuOpen = !this.menuOpen;
          }}>${L("Меню", "Menu")}</button>
        <a class="brand" href="/">${L("ЛК Бизнес", "LK Business")}</a>
        <span class="company" title=${me?.company.contract_number ?? ""}>${me?.company.name}</span>
        <span class="spacer"></span>
        <button type="button" class="link" lang=${lang() === "ru" ? "en" : "ru"}
          @click=${() => setLang(lang() === "ru" ? "en" : "ru")}>${lang() === "ru" ? "English" : "Русский"}</button>
        <a href="/profile" class="user">${me?.full_name} · ${roleName(me?.role)}</a>
        <button type="button" class="secondary" @click=${() => this.signOut(false)}>${L("Выйти", "Sign out")}</button>
        <button type="button" class="link" @click=${() => this.signOut(true)}>${L("Выйти везде", "Sign out everywhere")}</button>
      </header>
      <div class="layout">
        <nav id="nav" class=${this.menuOpen ? "open" : ""} aria-label=${L("Разделы", "Sections")}>${this.nav()}</nav>
        <main id="main">
          ${this.chunkError ? html`<p class="status error" role="alert">${L("Не удалось загрузить раздел", "Could not load the section")}: ${this.chunkError}</p>` : nothing}
          ${this.screen()}
        </main>
      </div>
      ${
        this.demo
          ? html`<footer class="footer"><a href="/mailbox">${L("Тестовая почта демо: коды, пароли, чеки", "The demo's test mailbox: codes, passwords, receipts")}</a></footer>`
          : nothing
      }
      <p class="visually-hidden" role="status" aria-live="polite">${this.announce}</p>
    `;
  }

  private screen() {
    const r = this.route;
    if (!r)
      return html`<h1 tabindex="-1">${L("Страница не найдена", "Page not found")}</h1>
        <p><a href="/">${L("На главную", "Go to the overview")}</a></p>`;
    const el = document.createElement(r.tag) as HTMLElement & { params?: Record<string, string> };
    // Reuse the same element while only the query changes, so it keeps state and focus.
    const existing = this.querySelector(`main > ${r.tag}`) as typeof el | null;
    const node = existing ?? el;
    node.params = this.params;
    return node;
  }

  private nav() {
    const path = location.pathname;
    const groups = new Map<string, Route[]>();
    for (const r of routes) {
      if (!r.nav || !this.allowed(r)) continue;
      const s = r.section?.() ?? "";
      groups.set(s, [...(groups.get(s) ?? []), r]);
    }
    return [...groups].map(
      ([section, rs]) => html`
        ${section ? html`<h2 class="nav-section">${section}</h2>` : nothing}
        <ul>
          ${rs.map((r) => {
            const active = r.path === "/" ? path === "/" : path === r.path || path.startsWith(`${r.path}/`);
            return html`<li><a href=${r.path} aria-current=${active ? "page" : nothing}>${r.nav?.()}</a></li>`;
          })}
        </ul>`,
    );
  }
}

export const roleName = (r: string | undefined) =>
  r === "admin"
    ? L("администратор", "admin")
    : r === "accountant"
      ? L("бухгалтер", "accountant")
      : L("наблюдатель", "viewer");

customElements.define("lk-app", LkApp);
