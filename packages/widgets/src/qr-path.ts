import { generate } from "lean-qr";

/**
 * A QR code as one SVG path: the dark modules in module units, each run of a row one rectangle,
 * inside a 4-module quiet zone; `size` is the side of the viewBox. lean-qr (~3.7 KB gzipped) is the
 * smallest maintained encoder we measured (uqr ~4.0 KB, qrcode ~9.6 KB; ADR 0077). No markup: the
 * caller binds `d` as an attribute, so nothing from outside becomes HTML. The widgets and the
 * portal both draw the SBP code with it (`@lk/widgets/qr-path`).
 */
export function qrPath(text: string): { d: string; size: number } {
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
  return { d, size: n + 8 };
}
