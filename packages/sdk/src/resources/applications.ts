import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, Schema } from "../types";

const base = "/v1/applications";

/** A company's application to join the cabinet (no session needed); `FormData` to attach scans. */
export function applications(t: Transport) {
  return {
    submit: (body: BodyOf<typeof base, "post"> | FormData, options?: CallOptions) =>
      t.request<Schema<"Application">>("POST", base, { ...options, body, auth: false }),
  };
}

export type ApplicationsResource = ReturnType<typeof applications>;
