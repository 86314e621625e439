// A tiny History-API router. The URL is the state: path picks the screen, the query string holds
// its filters, sort and page cursor, so reload, back/forward and shared links all land on the same
// view. Screens read `query()` and write with `setQuery()`.

export interface Match {
  path: string;
  params: Record<string, string>;
}

type Listener = () => void;
const listeners = new Set<Listener>();

export const onRoute = (fn: Listener): (() => void) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};
const emit = () => {
  for (const fn of listeners) fn();
};

export function navigate(url: string, { replace = false } = {}) {
  const next = new URL(url, location.href);
  if (next.origin !== location.origin) {
    location.assign(next.href);
    return;
  }
  if (next.href === location.href) return emit();
  history[replace ? "replaceState" : "pushState"](null, "", next.pathname + next.search + next.hash);
  emit();
}

export const query = (): URLSearchParams => new URLSearchParams(location.search);

/** Merges `patch` into the query string (empty values drop the key); a filter change resets paging. */
export function setQuery(
  patch: Record<string, string | number | null | undefined>,
  { replace = false } = {},
) {
  const q = query();
  if (!("cursor" in patch)) q.delete("cursor");
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === undefined || v === "") q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  navigate(location.pathname + (s ? `?${s}` : ""), { replace });
}

/** Query values as a plain object for API calls (only the keys listed). */
export function pick(keys: readonly string[]): Record<string, string> {
  const q = query();
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = q.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** Matches "/accounts/:id" patterns against a path. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const ps = pattern.split("/").filter(Boolean);
  const xs = path.split("/").filter(Boolean);
  if (ps.length !== xs.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const x = xs[i]!;
    if (p.startsWith(":")) params[p.slice(1)] = decodeURIComponent(x);
    else if (p !== x) return null;
  }
  return params;
}

/** Same-origin link clicks become client-side navigations (anywhere, shadow roots included). */
export function interceptLinks() {
  addEventListener("popstate", emit);
  document.addEventListener("click", (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    if (!a || a.target || a.hasAttribute("download") || !a.href) return;
    const url = new URL(a.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/v1/")) return;
    e.preventDefault();
    navigate(url.href);
  });
}
