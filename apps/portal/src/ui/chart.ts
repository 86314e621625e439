import { html, svg } from "lit";

// Hand-drawn SVG bar charts: a few hundred bytes instead of a chart library, readable in print
// (plain fills, real text), and described for screen readers by the table each screen shows next
// to them.

export interface Bar {
  label: string;
  value: number;
  /** A comparison value (e.g. last month), drawn as a lighter bar under the main one. */
  prev?: number;
}

/** Horizontal bars with labels on the left and formatted values on the right. */
export function barChart(bars: Bar[], format: (n: number) => string, title: string) {
  const rowH = bars.some((b) => b.prev !== undefined) ? 34 : 24;
  const w = 640;
  const labelW = 170;
  const valueW = 120;
  const max = Math.max(1, ...bars.flatMap((b) => [b.value, b.prev ?? 0]));
  const scale = (v: number) => Math.max(0, ((w - labelW - valueW) * v) / max);
  const h = bars.length * rowH + 4;
  return html`<svg class="chart" viewBox="0 0 ${w} ${h}" role="img" aria-label=${title} preserveAspectRatio="xMinYMin meet">
    ${bars.map((b, i) => {
      const y = i * rowH + 2;
      const label = b.label.length > 26 ? `${b.label.slice(0, 25)}…` : b.label;
      return svg`<g>
        <text x="0" y=${y + 14}>${label}</text>
        <rect class="bar" x=${labelW} y=${y + 3} width=${scale(b.value)} height="14" rx="2"></rect>
        ${b.prev !== undefined ? svg`<rect class="bar prev" x=${labelW} y=${y + 19} width=${scale(b.prev)} height="9" rx="2"></rect>` : null}
        <text x=${w - valueW + 6} y=${y + 14}>${format(b.value)}</text>
      </g>`;
    })}
  </svg>`;
}

/** Vertical bars over days; labels every few days so they never overlap. */
export function columnChart(bars: Bar[], format: (n: number) => string, title: string) {
  const w = 640;
  const h = 180;
  const base = h - 22;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = bars.length ? w / bars.length : w;
  const every = Math.ceil(bars.length / 10) || 1;
  return html`<svg class="chart" viewBox="0 0 ${w} ${h}" role="img" aria-label=${title}>
    <line class="axis" x1="0" y1=${base} x2=${w} y2=${base}></line>
    <text x="2" y="12">${format(max)}</text>
    ${bars.map((b, i) => {
      const bh = ((base - 18) * b.value) / max;
      return svg`<g>
        <rect class="bar" x=${i * step + 1} y=${base - bh} width=${Math.max(1, step - 2)} height=${bh}><title>${b.label}: ${format(b.value)}</title></rect>
        ${i % every === 0 ? svg`<text x=${i * step + 1} y=${h - 6}>${b.label}</text>` : null}
      </g>`;
    })}
  </svg>`;
}
