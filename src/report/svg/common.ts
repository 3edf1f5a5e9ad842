/**
 * Small helpers shared by the SVG charts: scales with "nice" ticks, text width estimates that
 * know CJK glyphs are wide, label truncation, and the chart frame. Every chart is a pure
 * function from data to an SVG string; user text is always escaped.
 */
import { escapeHtml, fmtNumber, isFiniteNumber } from '../format.js';

export const FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
export const COLOR = {
  axis: '#444',
  grid: '#e3e3e3',
  text: '#222',
  muted: '#777',
  line: '#1f5fa8',
  point: '#1f5fa8',
  failed: '#c0392b',
  bar: '#3a7bc8',
  ref: '#999',
};

export interface Domain {
  min: number;
  max: number;
}

/** Min and max of the finite values, or null when there are none. */
export function extent(values: ArrayLike<number>): Domain | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!isFiniteNumber(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}

/** Widen a zero-width domain so a single value or all-equal values still get an axis. */
export function padDomain(d: Domain): Domain {
  if (d.max > d.min) return d;
  const pad = d.min === 0 ? 1 : Math.abs(d.min) * 0.1;
  return { min: d.min - pad, max: d.max + pad };
}

/** About `count` round tick values covering the domain (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(d: Domain, count = 5): { ticks: number[]; domain: Domain } {
  const span = d.max - d.min;
  const raw = span / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const norm = raw / mag;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
  const lo = Math.floor(d.min / step + 1e-9) * step;
  const hi = Math.ceil(d.max / step - 1e-9) * step;
  const ticks: number[] = [];
  // lo + i·step (not a running sum) and a value within rounding of 0 is 0: a tick read '6.94e-18' (audit).
  for (let i = 0; lo + i * step <= hi + step * 1e-6 && ticks.length < 50; i++) {
    const v = lo + i * step;
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return { ticks, domain: { min: lo, max: hi } };
}

/** Linear map from a domain to a pixel range. */
export function scale(d: Domain, r0: number, r1: number): (v: number) => number {
  const k = (r1 - r0) / (d.max - d.min);
  return (v) => r0 + (v - d.min) * k;
}

/** Is this code point a wide (CJK / fullwidth) glyph? */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    cp >= 0x20000
  );
}

/** Estimated rendered width in px of `s` at `fontSize` (wide glyphs 1em, others ~0.6em). */
export function textWidth(s: string, fontSize: number): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0) ?? 0) ? 1 : 0.6;
  return w * fontSize;
}

/** Cut `s` with an ellipsis so its estimated width fits `maxWidth`. */
export function truncateText(s: string, maxWidth: number, fontSize: number): string {
  if (textWidth(s, fontSize) <= maxWidth) return s;
  let out = '';
  let w = textWidth('…', fontSize);
  for (const ch of s) {
    const cw = textWidth(ch, fontSize);
    if (w + cw > maxWidth) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** A <text> element; the content is escaped. A truncated label keeps its full text in <title>. */
export function text(
  x: number,
  y: number,
  content: string,
  opts: { size?: number; anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: string; transform?: string; full?: string; cls?: string } = {},
): string {
  const attrs = [
    `x="${r(x)}"`,
    `y="${r(y)}"`,
    `font-size="${opts.size ?? 11}"`,
    `text-anchor="${opts.anchor ?? 'start'}"`,
    `fill="${opts.fill ?? COLOR.text}"`,
  ];
  if (opts.weight) attrs.push(`font-weight="${opts.weight}"`);
  if (opts.transform) attrs.push(`transform="${opts.transform}"`);
  if (opts.cls) attrs.push(`class="${opts.cls}"`);
  const title = opts.full && opts.full !== content ? `<title>${escapeHtml(opts.full)}</title>` : '';
  return `<text ${attrs.join(' ')}>${title}${escapeHtml(content)}</text>`;
}

/** Round pixel coordinates to 0.1 to keep the markup short. */
export function r(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Open an <svg> with a viewBox, an accessible title and the shared font. */
export function svgOpen(width: number, height: number, title: string, cls: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${cls}" viewBox="0 0 ${r(width)} ${r(height)}" ` +
    `width="${r(width)}" height="${r(height)}" role="img" aria-label="${escapeHtml(title)}" ` +
    `font-family="${escapeHtml(FONT)}"><title>${escapeHtml(title)}</title>`
  );
}

/** A placeholder chart saying there is nothing to plot. */
export function noDataSvg(title: string, message: string, cls: string, width = 480, height = 120): string {
  return (
    svgOpen(width, height, title, `${cls} chart-empty`) +
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="#fafafa" stroke="${COLOR.grid}"/>` +
    text(width / 2, height / 2 + 4, message, { anchor: 'middle', fill: COLOR.muted, size: 13 }) +
    '</svg>'
  );
}

/** Tick label text for an axis. */
export function tickLabel(v: number): string {
  return fmtNumber(v, 4);
}

/** Evenly keep at most `max` indices of `n` (deterministic, keeps first and last). */
export function sampleIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  const step = (n - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(Math.round(k * step));
  return out;
}
