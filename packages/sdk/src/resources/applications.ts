import type { CallOptions, Transport } from "../core/transport";
import type { BodyOf, Schema } from "../types";

const base = "/v1/applications";

/** A company's application to join the cabinet (no session needed); `FormData` to attach scans. */
export function applications(t: Transport) {
  return {
    /** Returns the application with its `number` and the status link's secret (`status_token`, shown once). */
    submit: (body: BodyOf<typeof base, "post"> | FormData, options?: CallOptions) =>
      t.request<Schema<"SubmittedApplication">>("POST", base, { ...options, body, auth: false }),
    /** The applicant's view: by `token` from the status link, or by `number` + contact `email`. */
    status: (body: BodyOf<"/v1/applications/status", "post">, options?: CallOptions) =>
      t.request<Schema<"ApplicationStatus">>("POST", `${base}/status`, { ...options, body, auth: false }),
  };
}

export type ApplicationsResource = ReturnType<typeof applications>;
