import { demo } from "@lk/sdk/demo";
import { optional, transport } from "./client";

// Whether this server is the demo (`lk serve --demo`): its test mailbox answers; elsewhere the route
// is 404 and no link to it is shown. Asked once per page load.

export const demoApi = demo(transport);

let answer: Promise<boolean> | undefined;
export const isDemo = (): Promise<boolean> => {
  answer ??= optional(demoApi.outbox({ limit: 1 }).firstPage())
    .then((r) => r !== null)
    .catch(() => false);
  return answer;
};
