/**
 * Escaping and number formatting shared by the Markdown and HTML renderers and the SVG charts.
 */
import type { ParamValue } from './types.js';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML/SVG element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return String(s).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Escape text for Markdown prose: HTML specials become entities (so a renderer that passes raw
 * HTML through shows them as text) and Markdown punctuation that could start a link, image,
 * emphasis or code span is backslash-escaped. Newlines become spaces.
 */
export function escapeMarkdown(s: string): string {
  return String(s)
    .replace(/[&<>]/g, (c) => HTML_ESCAPES[c])
    .replace(/([\\`*[\]|~])/g, '\\$1')
    // An underscore inside a word never starts emphasis in GFM; keep snake_case readable.
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/^(\s*)([#>+-])/, '$1\\$2')
    .replace(/^(\s*\d+)\.(?=\s|$)/, '$1\\.') // '1. x' starts a list; '4.47 s' and '0.1.0' do not
    .replace(/\r?\n|\r/g, ' ');
}

/** Is this a finite number (not null, NaN or ±Infinity)? */
export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** A score or metric: 4 significant decimals, '–' when missing. */
export function fmtScore(v: number | null | undefined): string {
  if (!isFiniteNumber(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return v.toExponential(3);
  if (a >= 1000) return v.toFixed(1);
  return v.toFixed(4);
}

/** A general number for tables and tick labels: short, no trailing zeros. */
export function fmtNumber(v: number | null | undefined, digits = 4): string {
  if (!isFiniteNumber(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(2).replace(/\.?0+e/, 'e');
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}

/** A count with thousands separators. */
export function fmtCount(v: number | null | undefined): string {
  if (!isFiniteNumber(v)) return '–';
  return Math.round(v).toLocaleString('en-US');
}

/** A share 0..1 as a percentage. */
export function fmtPercent(v: number | null | undefined): string {
  if (!isFiniteNumber(v)) return '–';
  const p = v * 100;
  return `${p === 0 || p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** Seconds, compact: 0.42, 3.1, 75. */
export function fmtSeconds(v: number | null | undefined): string {
  if (!isFiniteNumber(v)) return '–';
  if (v < 10) return v.toFixed(2);
  if (v < 100) return v.toFixed(1);
  return v.toFixed(0);
}

function fmtParam(v: ParamValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return fmtNumber(v);
  return String(v);
}

/** "max_depth=6, learning_rate=0.1" in key order; long lists are cut with an ellipsis. */
export function paramsSummary(params: Record<string, ParamValue>, maxChars = 120): string {
  const s = Object.keys(params)
    .sort()
    .map((k) => `${k}=${fmtParam(params[k])}`)
    .join(', ');
  return s.length > maxChars ? `${s.slice(0, maxChars - 1)}…` : s;
}
