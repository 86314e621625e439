import { html, nothing } from "lit";

// Bar charts drawn in HTML, not SVG: an SVG's text shrinks with its viewBox (on a narrow card the
// labels came out about 5 px), while HTML text keeps the page's font size at any width. Bar lengths
// are classes in 5 % steps (styles.css), so no inline style is needed under the CSP's
// style-src 'self'. Each screen shows the same figures in a table for screen readers.

export interface Bar {
  label: string;
  value: number;
  /** A comparison value (e.g. last month), drawn as a thinner bar under the main one. */
  prev?: number;
}

/** `p60` for 60 %: the nearest 5 % step, at least one step for any non-zero value. */
const step = (v: number, max: number) => {
  const p = Math.max(0, Math.min(100, (100 * v) / max));
  return `p${p > 0 ? Math.max(5, Math.round(p / 5) * 5) : 0}`;
};

/**
 * Horizontal bars: label, bar, formatted value — one row each. With `prev`, both figures are printed
 * beside both bars (never a bar without its number), and `legend` names them.
 */
export function barChart(
  bars: Bar[],
  format: (n: number) => string,
  title: string,
  legend?: [string, string],
) {
  const max = Math.max(1, ...bars.flatMap((b) => [b.value, b.prev ?? 0]));
  return html`<div class="hchart" role="img" aria-label=${title}>
    ${legend ? html`<p class="hchart-legend" aria-hidden="true"><span class="key"></span> ${legend[0]} <span class="key prev"></span> ${legend[1]}</p>` : nothing}
    ${bars.map(
      (b) => html`<div class="hchart-row" aria-hidden="true">
        <span class="hchart-label" title=${b.label}>${b.label}</span>
        <span class="hchart-bars">
          <span class="bar ${step(b.value, max)}"></span>
          ${b.prev !== undefined ? html`<span class="bar prev ${step(b.prev, max)}"></span>` : nothing}
        </span>
        <span class="hchart-value">${format(b.value)}${b.prev !== undefined ? html`<br /><small class="muted">${format(b.prev)}</small>` : nothing}</span>
      </div>`,
    )}
  </div>`;
}

/** Vertical bars over days; a label every few bars so they never overlap. */
export function columnChart(bars: Bar[], format: (n: number) => string, title: string) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const every = Math.ceil(bars.length / 10) || 1;
  return html`<div class="vchart" role="img" aria-label=${title}>
    <span class="vchart-max" aria-hidden="true">${format(max)}</span>
    <div class="vchart-cols" aria-hidden="true">
      ${bars.map(
        (b, i) => html`<span class="vchart-col" title="${b.label}: ${format(b.value)}">
          <span class="bar ${step(b.value, max)}"></span>
          <span class="vchart-label">${i % every === 0 ? b.label : ""}</span>
        </span>`,
      )}
    </div>
  </div>`;
}
