import { html } from "lit";
import { L } from "../../core/i18n";
import { LkScreen } from "../../ui/base";
import { pageHeader } from "../../ui/parts";

export class LkOrder extends LkScreen {
  protected override render() {
    return html`${pageHeader(L("Раздел", "Section"))}<p class="empty">${L("Нет данных", "No data")}</p>`;
  }
}

customElements.define("lk-order", LkOrder);
