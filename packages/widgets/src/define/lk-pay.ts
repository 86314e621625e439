import { LkPay } from "../lk-pay/lk-pay";

// Side-effect module: registers <lk-pay>. Guarded so two copies of the bundle on one page don't throw.
if (!customElements.get("lk-pay")) customElements.define("lk-pay", LkPay);

export { LkPay };

declare global {
  interface HTMLElementTagNameMap {
    "lk-pay": LkPay;
  }
}
