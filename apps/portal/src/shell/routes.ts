import type { Permission } from "@lk/contracts/permissions";
import { L } from "../core/i18n";

// Every screen is its own chunk, fetched on first visit. `needs` hides the route (and its nav link)
// from users whose role lacks the permission — the same map the API enforces.

export interface Route {
  path: string;
  tag: string;
  load: () => Promise<unknown>;
  title: () => string;
  nav?: () => string;
  section?: () => string;
  needs?: Permission;
}

const sMoney = () => L("Деньги", "Money");
const sUsage = () => L("Связь", "Usage");
const sAdmin = () => L("Администрирование", "Administration");

export const routes: Route[] = [
  {
    path: "/",
    tag: "lk-dashboard",
    load: () => import("../screens/dashboard/dashboard"),
    title: () => L("Обзор", "Overview"),
    nav: () => L("Обзор", "Overview"),
  },
  {
    path: "/accounts",
    tag: "lk-accounts",
    load: () => import("../screens/accounts/accounts"),
    title: () => L("Лицевые счета", "Accounts"),
    nav: () => L("Лицевые счета", "Accounts"),
  },
  {
    path: "/accounts/link",
    tag: "lk-account-link",
    load: () => import("../screens/account-link/account-link"),
    title: () => L("Добавить лицевой счёт", "Add an account"),
    needs: "accounts:write",
  },
  {
    path: "/accounts/:id",
    tag: "lk-account",
    load: () => import("../screens/account/account"),
    title: () => L("Лицевой счёт", "Account"),
  },
  {
    path: "/groups",
    tag: "lk-groups",
    load: () => import("../screens/groups/groups"),
    title: () => L("Группы счетов", "Account groups"),
    nav: () => L("Группы", "Groups"),
  },
  {
    path: "/pay",
    tag: "lk-pay-screen",
    load: () => import("../screens/pay/pay"),
    title: () => L("Оплата", "Payment"),
    nav: () => L("Оплатить", "Pay"),
    section: sMoney,
    needs: "payments:write",
  },
  {
    path: "/payments",
    tag: "lk-payments",
    load: () => import("../screens/payments/payments"),
    title: () => L("История платежей", "Payment history"),
    nav: () => L("Платежи", "Payments"),
    section: sMoney,
  },
  {
    path: "/payments/:id",
    tag: "lk-payment",
    load: () => import("../screens/payments/payment"),
    title: () => L("Платёж", "Payment"),
  },
  {
    path: "/transfers",
    tag: "lk-transfers",
    load: () => import("../screens/transfers/transfers"),
    title: () => L("Переводы между счетами", "Transfers"),
    nav: () => L("Переводы", "Transfers"),
    section: sMoney,
  },
  {
    path: "/promised",
    tag: "lk-promised",
    load: () => import("../screens/promised/promised"),
    title: () => L("Обещанный платёж", "Promised payment"),
    nav: () => L("Обещанный платёж", "Promised payment"),
    section: sMoney,
  },
  {
    path: "/autopay",
    tag: "lk-autopay",
    load: () => import("../screens/autopay/autopay"),
    title: () => L("Автоплатёж", "Autopay"),
    nav: () => L("Автоплатёж", "Autopay"),
    section: sMoney,
  },
  {
    path: "/bonuses",
    tag: "lk-bonuses",
    load: () => import("../screens/bonuses/bonuses"),
    title: () => L("Бонусы", "Bonuses"),
    nav: () => L("Бонусы", "Bonuses"),
    section: sMoney,
  },
  {
    // Always in the menu of those who may distribute (admin, accountant), not only when there is
    // money: the nav stays the same from page to page, a bookmark or a notice's link always
    // works, and the empty screen explains where such money comes from (docs/portal.md).
    path: "/unallocated",
    tag: "lk-unallocated",
    load: () => import("../screens/unallocated/unallocated"),
    title: () => L("Нераспределённые средства", "Unallocated money"),
    nav: () => L("Нераспределённые", "Unallocated"),
    section: sMoney,
    needs: "payments:write",
  },
  {
    path: "/bank-invoice",
    tag: "lk-bank-invoice",
    load: () => import("../screens/bank-invoice/bank-invoice"),
    title: () => L("Счёт на оплату по безналу", "Invoice for bank transfer"),
    nav: () => L("Счёт для безнала", "Bank invoice"),
    section: sMoney,
    needs: "payments:write",
  },
  {
    path: "/documents",
    tag: "lk-documents",
    load: () => import("../screens/documents/documents"),
    title: () => L("Документы", "Documents"),
    nav: () => L("Счета и документы", "Invoices & documents"),
    section: sMoney,
  },
  {
    path: "/reconciliation",
    tag: "lk-reconciliation",
    load: () => import("../screens/reconciliation/reconciliation"),
    title: () => L("Акт сверки", "Reconciliation statement"),
    nav: () => L("Акт сверки", "Reconciliation"),
    section: sMoney,
  },
  {
    path: "/calls",
    tag: "lk-calls",
    load: () => import("../screens/calls/calls"),
    title: () => L("Звонки", "Calls"),
    nav: () => L("Звонки", "Calls"),
    section: sUsage,
  },
  {
    path: "/traffic",
    tag: "lk-traffic",
    load: () => import("../screens/traffic/traffic"),
    title: () => L("Интернет-трафик", "Internet traffic"),
    nav: () => L("Трафик", "Traffic"),
    section: sUsage,
  },
  {
    path: "/services",
    tag: "lk-services",
    load: () => import("../screens/services/services"),
    title: () => L("Услуги", "Services"),
    nav: () => L("Услуги", "Services"),
    section: sUsage,
  },
  {
    path: "/orders",
    tag: "lk-orders",
    load: () => import("../screens/orders/orders"),
    title: () => L("Заявки", "Orders"),
    nav: () => L("Заявки", "Orders"),
    section: sUsage,
  },
  {
    path: "/orders/billing",
    tag: "lk-billing-switch",
    load: () => import("../screens/orders/billing"),
    title: () => L("Смена системы расчётов", "Change the payment system"),
    needs: "services:write",
  },
  {
    path: "/orders/:id",
    tag: "lk-order",
    load: () => import("../screens/orders/order"),
    title: () => L("Заявка", "Order"),
  },
  {
    path: "/support",
    tag: "lk-support",
    load: () => import("../screens/support/support"),
    title: () => L("Обращения в поддержку", "Support requests"),
    nav: () => L("Поддержка", "Support"),
    section: sUsage,
  },
  {
    path: "/support/:id",
    tag: "lk-support-thread",
    load: () => import("../screens/support/thread"),
    title: () => L("Обращение", "Support request"),
  },
  {
    path: "/admin/users",
    tag: "lk-users",
    load: () => import("../screens/admin-users/users"),
    title: () => L("Пользователи и роли", "Users and roles"),
    nav: () => L("Пользователи", "Users"),
    section: sAdmin,
    needs: "users:manage",
  },
  {
    path: "/admin/api-keys",
    tag: "lk-api-keys",
    load: () => import("../screens/admin-api-keys/api-keys"),
    title: () => L("API-ключи", "API keys"),
    nav: () => L("API-ключи", "API keys"),
    section: sAdmin,
    needs: "api_keys:manage",
  },
  {
    path: "/admin/webhooks",
    tag: "lk-webhooks",
    load: () => import("../screens/admin-webhooks/webhooks"),
    title: () => L("Вебхуки", "Webhooks"),
    nav: () => L("Вебхуки", "Webhooks"),
    section: sAdmin,
    needs: "webhooks:write",
  },
  {
    path: "/admin/audit",
    tag: "lk-audit",
    load: () => import("../screens/admin-audit/audit"),
    title: () => L("Журнал действий", "Audit log"),
    nav: () => L("Журнал действий", "Audit log"),
    section: sAdmin,
    needs: "company:manage",
  },
  {
    path: "/profile",
    tag: "lk-profile",
    load: () => import("../screens/profile/profile"),
    title: () => L("Профиль и уведомления", "Profile and notifications"),
  },
];
