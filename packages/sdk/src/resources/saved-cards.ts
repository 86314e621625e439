import { listOf } from "../core/list";
import type { CallOptions, Transport } from "../core/transport";
import type { QueryOf, Schema } from "../types";

const base = "/v1/saved-cards";

/** Cards saved at the acquirer (masked), for autopay. */
export function savedCards(t: Transport) {
  return {
    list: (filter?: QueryOf<typeof base>, options?: CallOptions) =>
      listOf<Schema<"SavedCard">>(t, base, filter, options),
    /** Removes the card; the autopay rules that charge it are switched off (their count is returned). */
    remove: (id: string, options?: CallOptions) =>
      t.request<Schema<"RemovedSavedCard">>("DELETE", `${base}/${encodeURIComponent(id)}`, options),
  };
}

export type SavedCardsResource = ReturnType<typeof savedCards>;
