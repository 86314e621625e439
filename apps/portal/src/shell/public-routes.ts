import { L } from "../core/i18n";

// Pages reached without signing in (and shown the same when signed in): the application form, its
// status page and the demo's test mailbox. Each is its own chunk.

export interface PublicRoute {
  path: string;
  tag: string;
  load: () => Promise<unknown>;
  title: () => string;
}

export const publicRoutes: PublicRoute[] = [
  {
    path: "/apply",
    tag: "lk-apply",
    load: () => import("../screens/apply/apply"),
    title: () => L("Заявка на подключение", "Apply to join"),
  },
  {
    path: "/apply/status",
    tag: "lk-apply-status",
    load: () => import("../screens/apply/status"),
    title: () => L("Статус заявки", "Application status"),
  },
  {
    path: "/mailbox",
    tag: "lk-mailbox",
    load: () => import("../screens/mailbox/mailbox"),
    title: () => L("Тестовая почта", "Test mailbox"),
  },
];

export const publicRouteFor = (path: string): PublicRoute | undefined =>
  publicRoutes.find((r) => r.path === path.replace(/\/+$/, ""));
