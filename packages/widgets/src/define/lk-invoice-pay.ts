import { LkInvoicePay } from "../lk-invoice-pay/lk-invoice-pay";

// Side-effect module: registers <lk-invoice-pay>. Guarded so two copies of the bundle don't throw.
if (!customElements.get("lk-invoice-pay")) customElements.define("lk-invoice-pay", LkInvoicePay);

export { LkInvoicePay };

declare global {
  interface HTMLElementTagNameMap {
    "lk-invoice-pay": LkInvoicePay;
  }
}
