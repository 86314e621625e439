import { createComponent, type EventName } from "@lit/react";
import * as React from "react";
import "./define/lk-pay";
import "./define/lk-invoice-pay";
import type {
  LkAccountFoundEvent,
  LkErrorEvent,
  LkInvoiceFoundEvent,
  LkPaymentCreatedEvent,
  LkPaymentFailedEvent,
  LkPaymentSucceededEvent,
  LkReadyEvent,
} from "./events";
import { LkInvoicePay } from "./lk-invoice-pay/lk-invoice-pay";
import { LkPay } from "./lk-pay/lk-pay";

// React wrappers (`@lk/widgets/react`): props map to properties, `onLk…` props to the typed events.
// The key is `publishableKey`, not `key`: React keeps `key` for itself.
const common = {
  onLkReady: "lk-ready" as EventName<LkReadyEvent>,
  onLkPaymentCreated: "lk-payment-created" as EventName<LkPaymentCreatedEvent>,
  onLkPaymentSucceeded: "lk-payment-succeeded" as EventName<LkPaymentSucceededEvent>,
  onLkPaymentFailed: "lk-payment-failed" as EventName<LkPaymentFailedEvent>,
  onLkError: "lk-error" as EventName<LkErrorEvent>,
};

export const LkPayReact = createComponent({
  tagName: "lk-pay",
  elementClass: LkPay,
  react: React,
  events: { ...common, onLkAccountFound: "lk-account-found" as EventName<LkAccountFoundEvent> },
  displayName: "LkPay",
});

export const LkInvoicePayReact = createComponent({
  tagName: "lk-invoice-pay",
  elementClass: LkInvoicePay,
  react: React,
  events: { ...common, onLkInvoiceFound: "lk-invoice-found" as EventName<LkInvoiceFoundEvent> },
  displayName: "LkInvoicePay",
});
