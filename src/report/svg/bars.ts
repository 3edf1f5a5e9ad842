/**
 * Horizontal bar chart (feature importance): one bar per item from zero to its value, in the
 * given order, with optional ± error whiskers. Negative values (a feature whose permutation
 * helped) extend left of zero. Non-finite values get no bar and a "–" label.
 */
import { escapeHtml, fmtNumber, isFiniteNumber } from '../format.js';
import { COLOR, type Domain, extent, niceTicks, noDataSvg, r, scale, svgOpen, text, textWidth, tickLabel, truncateText } from './common.js';

export interface BarItem {
  label: string;
  value: number;
  err?: number | null;
}

export interface BarChartOptions {
  title: string;
  /** Draw the title above the chart (it is always the SVG's accessible <title>). Default true. */
  showTitle?: boolean;
  items: BarItem[];
  xTitle: string;
  noDataText: string;
  width?: number;
}

export function barChart(o: BarChartOptions): string {
  const width = o.width ?? 640;
  if (o.items.length === 0) return noDataSvg(o.title, o.noDataText, 'chart-bars', width);

  const labelSize = 11;
  const labels = o.items.map((it) => truncateText(it.label, 190, labelSize));
  const labelW = Math.max(...labels.map((l) => textWidth(l, labelSize)));
  const hasNegative = o.items.some((it) => isFiniteNumber(it.value) && it.value < 0);
  const left = 12 + labelW + 8 + (hasNegative ? 40 : 0); // negative values print left of their bar
  const right = 56; // room for the value labels
  const top = o.showTitle === false ? 10 : 30;
  const barH = 18;
  const gap = 6;
  const plotH = o.items.length * (barH + gap);
  const height = top + plotH + 44;

  const ends: number[] = [0];
  for (const it of o.items) {
    if (!isFiniteNumber(it.value)) continue;
    const e = isFiniteNumber(it.err) ? Math.abs(it.err) : 0;
    ends.push(it.value - e, it.value + e);
  }
  const ext = extent(ends) as Domain;
  const dom: Domain = ext.max > ext.min ? ext : { min: 0, max: 1 };
  const ticks = niceTicks(dom, 5);
  const x = scale(ticks.domain, left, width - right);
  const x0 = x(0);

  const parts: string[] = [svgOpen(width, height, o.title, 'chart-bars')];
  if (o.showTitle !== false) parts.push(text(width / 2, 18, o.title, { anchor: 'middle', size: 13, weight: '600' }));
  const bottom = top + plotH;
  for (const v of ticks.ticks) {
    const px = x(v);
    parts.push(`<line x1="${r(px)}" y1="${top}" x2="${r(px)}" y2="${r(bottom)}" stroke="${COLOR.grid}"/>`);
    parts.push(text(px, bottom + 14, tickLabel(v), { anchor: 'middle', size: 10, fill: COLOR.muted }));
  }
  parts.push(text((left + width - right) / 2, bottom + 34, o.xTitle, { anchor: 'middle', size: 11 }));

  parts.push('<g class="bars">');
  o.items.forEach((it, i) => {
    const y = top + i * (barH + gap) + gap / 2;
    parts.push(text(left - 8, y + barH / 2 + 4, labels[i], { anchor: 'end', size: labelSize, full: it.label }));
    if (!isFiniteNumber(it.value)) {
      parts.push(text(x0 + 4, y + barH / 2 + 4, '–', { size: 10, fill: COLOR.muted }));
      return;
    }
    const px = x(it.value);
    const bx = Math.min(px, x0);
    const bw = Math.max(1, Math.abs(px - x0));
    const tip = `${it.label}: ${fmtNumber(it.value)}${isFiniteNumber(it.err) ? ` ± ${fmtNumber(it.err)}` : ''}`;
    parts.push(
      `<rect class="bar" x="${r(bx)}" y="${r(y)}" width="${r(bw)}" height="${barH}" fill="${it.value < 0 ? COLOR.failed : COLOR.bar}"><title>${escapeHtml(tip)}</title></rect>`,
    );
    let end = px;
    if (isFiniteNumber(it.err) && it.err > 0) {
      const a = x(it.value - Math.abs(it.err));
      const b = x(it.value + Math.abs(it.err));
      const cy = y + barH / 2;
      parts.push(
        `<path class="err" d="M${r(a)},${r(cy)}H${r(b)}M${r(a)},${r(cy - 4)}V${r(cy + 4)}M${r(b)},${r(cy - 4)}V${r(cy + 4)}" stroke="${COLOR.axis}" fill="none"/>`,
      );
      end = it.value < 0 ? Math.min(a, px) : Math.max(b, px);
    }
    const vx = it.value < 0 ? end - 4 : end + 4;
    parts.push(text(vx, y + barH / 2 + 4, fmtNumber(it.value, 3), { anchor: it.value < 0 ? 'end' : 'start', size: 10, fill: COLOR.muted }));
  });
  parts.push('</g>');
  parts.push(`<line x1="${r(x0)}" y1="${top}" x2="${r(x0)}" y2="${r(bottom)}" stroke="${COLOR.axis}"/>`);
  parts.push('</svg>');
  return parts.join('');
}
