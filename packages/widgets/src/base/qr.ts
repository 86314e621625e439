import { generate } from "lean-qr";
import { svg, type TemplateResult } from "lit";

/**
 * The SBP link drawn as a QR code (lean-qr, ~3.7 KB gzipped: the smallest maintained encoder we
 * measured; uqr ~4.0 KB, qrcode ~9.6 KB — docs/widgets.md). One <path> of the dark modules in
 * module units with a 4-module quiet zone, bound as an attribute (no markup from outside), scaled by CSS.
 */
export function qrSvg(text: string, label: string): TemplateResult {
  const code = generate(text);
  const n = code.size;
  let d = "";
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; ) {
      if (!code.get(x, y)) {
        x++;
        continue;
      }
      const s = x;
      while (x < n && code.get(x, y)) x++;
      d += `M${s + 4} ${y + 4}h${x - s}v1h${s - x}z`;
    }
  const size = n + 8;
  return svg`<svg part="qr" class="qr" viewBox="0 0 ${size} ${size}" role="img" aria-label=${label} shape-rendering="crispEdges"><rect width=${size} height=${size} fill="#fff"></rect><path d=${d} fill="#000"></path></svg>`;
}
