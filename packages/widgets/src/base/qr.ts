import { svg, type TemplateResult } from "lit";
import { qrPath } from "../qr-path";

/** The SBP link drawn as a QR code (qr-path.ts), scaled by CSS; `::part(qr)`. */
export function qrSvg(text: string, label: string): TemplateResult {
  const { d, size } = qrPath(text);
  return svg`<svg part="qr" class="qr" viewBox="0 0 ${size} ${size}" role="img" aria-label=${label} shape-rendering="crispEdges"><rect width=${size} height=${size} fill="#fff"></rect><path d=${d} fill="#000"></path></svg>`;
}
