/** Appends a query object: arrays repeat the key, Dates become ISO 8601, null/undefined are skipped. */
export function buildUrl(path: string, query?: object): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v != null) params.append(key, v instanceof Date ? v.toISOString() : String(v));
    }
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes("?") ? "&" : "?"}${qs}` : path;
}
