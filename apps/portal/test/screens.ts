import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Permission } from "@lk/contracts/permissions";
import type { Page } from "playwright-core";

// Helpers for the checks that walk every screen: the route list read from the shell's own table,
// in-app navigation that waits for the screen to settle, and what a person reads on it.

export interface RouteInfo {
  path: string;
  needs?: Permission;
}

/**
 * The portal's routes, read from apps/portal/src/shell/routes.ts (that module needs a DOM, so its
 * text is parsed): a screen added there is walked by every check without editing the tests.
 */
export function portalRoutes(): RouteInfo[] {
  const src = readFileSync(join(import.meta.dirname, "../src/shell/routes.ts"), "utf8");
  const body = src.slice(src.indexOf("export const routes"));
  const out: RouteInfo[] = [];
  for (const block of body.split(/\n {2}\{\n/).slice(1)) {
    const path = /\bpath: "([^"]+)"/.exec(block)?.[1];
    if (!path) continue;
    const needs = /\bneeds: "([^"]+)"/.exec(block)?.[1] as Permission | undefined;
    out.push(needs ? { path, needs } : { path });
  }
  if (out.length < 10) throw new Error(`routes.ts parsed to ${out.length} routes: has its shape changed?`);
  return out;
}

/** Fills `:id` params from `ids` (keyed by the path's first segment); throws for an unknown one. */
export function concrete(path: string, ids: Record<string, string>): string {
  return path.replace(/:(\w+)/g, () => {
    const key = path.split("/")[1]!;
    const id = ids[key];
    if (!id) throw new Error(`no seeded id for ${path}: add one to the test's ids`);
    return id;
  });
}

/** Counts requests in flight so a check can wait until the screen has everything it asked for. */
export function trackRequests(page: Page) {
  let inflight = 0;
  page.on("request", () => inflight++);
  page.on("requestfinished", () => inflight--);
  page.on("requestfailed", () => inflight--);
  return {
    async idle(quietMs = 150, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      let quietSince = 0;
      while (Date.now() < until) {
        const busy =
          inflight > 0 ||
          (await page.evaluate(() => !!document.querySelector("main .spinner, main [role=status].busy")));
        if (busy) quietSince = 0;
        else if (!quietSince) quietSince = Date.now();
        else if (Date.now() - quietSince >= quietMs) return;
        await page.waitForTimeout(40);
      }
      throw new Error(`${page.url()} did not settle in ${timeoutMs} ms`);
    },
  };
}

/** Client-side navigation, as a click on a link does (no reload: the session and language stay). */
export async function go(page: Page, path: string) {
  await page.evaluate((p) => {
    history.pushState(null, "", p);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
  await page.waitForFunction(
    (p) => location.pathname === p && !!document.querySelector("main h1"),
    path.split("?")[0],
  );
}

/**
 * What a person reads: every text node that is rendered (shadow roots included, visually hidden text
 * for screen readers included) and the labels a control announces (aria-label, title, placeholder,
 * alt, an option's text). Inputs' values are the person's own typing and are left out.
 */
export async function screenText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const attrs = ["aria-label", "title", "placeholder", "alt"];
    const walk = (root: Node) => {
      const it = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let n: Node | null = it.currentNode; n; n = it.nextNode()) {
        if (n.nodeType === Node.TEXT_NODE) {
          const p = n.parentElement;
          const t = n.textContent?.trim();
          if (!t || !p || p.closest("script, style, template")) continue;
          if (!p.checkVisibility() && !p.closest("option, .visually-hidden")) continue;
          out.push(t);
          continue;
        }
        const el = n as Element;
        for (const a of attrs) {
          const v = el.getAttribute(a)?.trim();
          if (v) out.push(v);
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document.body);
    out.push(document.title);
    return out;
  });
}

const ISO = /\b\d{4}-(0[1-9]|1[0-2])(-\d{2})?(T\d{2}:\d{2})?\b/;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
const SNAKE = /\b[a-z][a-z0-9]*_[a-z0-9_]+\b/;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const URL_RE = /\bhttps?:\/\/\S+/g;
/** Key prefixes are how a person tells API keys apart; they are shown on purpose. */
const KEY_PREFIX = /\b(sk|pk)_(live|test)_\w+/g;
/** Latin a Russian screen may show: abbreviations Russian accountants read as they are. */
const LATIN_OK = /\b(SMS|API|PDF|CSV|XLSX|ZIP|QR|3-D Secure|Visa|Mastercard|HTTPS?|[Ee]-mail)\b/g;
const LATIN = /[A-Za-z]{2,}/;
const CYRILLIC = /[А-Яа-яЁё]/;

/**
 * The text defects of one screen: ISO dates, UUIDs, snake_case codes, Latin words on a Russian
 * screen, Cyrillic on an English one. `data` is what the company itself typed or the operator named
 * (group and tariff names, addresses, logins): shown as typed in either language, so left out.
 */
export function textDefects(texts: string[], lang: "ru" | "en", data: string[]): string[] {
  const defects = new Set<string>();
  const sorted = [...new Set(data)].filter(Boolean).sort((a, b) => b.length - a.length);
  for (const raw of texts) {
    let t = raw.replace(EMAIL, " ").replace(URL_RE, " ").replace(KEY_PREFIX, " ");
    for (const d of sorted) if (t.includes(d)) t = t.split(d).join(" ");
    const say = (what: string) => defects.add(`${what}: «${raw.slice(0, 120)}»`);
    if (ISO.test(t)) say("ISO date");
    if (UUID.test(t)) say("UUID");
    if (SNAKE.test(t)) say("code");
    if (lang === "ru" && LATIN.test(t.replace(LATIN_OK, " "))) say("Latin on a Russian screen");
    if (lang === "en" && CYRILLIC.test(t)) say("Cyrillic on an English screen");
  }
  return [...defects];
}

/**
 * Layout at a narrow width: the page must not scroll sideways, and nothing may stick out of its
 * card (a table inside a horizontally scrolling wrapper may, by design).
 */
export async function overflowDefects(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const root = document.documentElement;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : ""} «${(el.textContent ?? "").trim().slice(0, 40)}»`;
    const scrolls = (el: Element) => /(auto|scroll|hidden|clip)/.test(getComputedStyle(el).overflowX);
    if (root.scrollWidth > innerWidth) {
      // Name the outermost elements that reach past the viewport: that is where to look.
      const wide = [...document.querySelectorAll("body *")].filter((el) => {
        const r = el.getBoundingClientRect();
        return (
          r.right > innerWidth + 1 &&
          !(
            el.parentElement &&
            el.parentElement.getBoundingClientRect().right > innerWidth + 1 &&
            el.parentElement !== document.body
          )
        );
      });
      out.push(
        `page is ${root.scrollWidth}px wide at a ${innerWidth}px viewport (${wide.slice(0, 3).map(describe).join("; ")})`,
      );
    }
    for (const card of document.querySelectorAll("main .card, main section, main form")) {
      const box = card.getBoundingClientRect();
      if (!box.width) continue;
      for (const el of card.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height) continue;
        let p = el.parentElement;
        let clipped = false;
        while (p && p !== card) {
          if (scrolls(p)) clipped = true;
          p = p.parentElement;
        }
        if (clipped) continue;
        if (r.right > box.right + 1 || r.left < box.left - 1) {
          out.push(
            `${describe(el)} sticks out of ${describe(card).split(" «")[0]} by ${Math.round(Math.max(r.right - box.right, box.left - r.left))}px`,
          );
        }
      }
    }
    return [...new Set(out)].slice(0, 10);
  });
}
