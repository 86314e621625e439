import { type ListResponse, PagedList } from "../pagination";
import type { CallOptions, Transport } from "./transport";

/** A `GET` list endpoint as a lazy `PagedList`; the filter (including `limit`) is sent with every page. */
export function listOf<T>(t: Transport, path: string, filter?: object, options?: CallOptions): PagedList<T> {
  return new PagedList<T>((cursor) =>
    t.request<ListResponse<T>>("GET", path, { ...options, query: { ...filter, cursor } }),
  );
}
