/**
 * Confusion-matrix heatmap: rows are actual classes, columns predicted classes, counts in the
 * cells, colour by the share of the row (so rare classes are as readable as common ones), with
 * a discrete colour legend. Sized for 2 to ~30 classes; long labels are truncated with the full
 * label kept as a tooltip.
 */
import { escapeHtml, fmtCount, isFiniteNumber } from '../format.js';
import { COLOR, noDataSvg, r, svgOpen, text, textWidth, truncateText } from './common.js';

export interface HeatmapOptions {
  title: string;
  /** Draw the title above the chart (it is always the SVG's accessible <title>). Default true. */
  showTitle?: boolean;
  labels: string[];
  /** matrix[actual][predicted] counts. */
  matrix: number[][];
  xTitle: string;
  yTitle: string;
  noDataText: string;
  /** Caption for the legend ends, e.g. ['0%', '100%']. */
  legend?: [string, string];
}

/** Interpolate the sequential blue scale at t in [0, 1]. */
export function blues(t: number): string {
  const stops = [
    [247, 251, 255],
    [198, 219, 239],
    [107, 174, 214],
    [33, 113, 181],
    [8, 48, 107],
  ];
  const u = Math.min(1, Math.max(0, isFiniteNumber(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export function confusionHeatmap(o: HeatmapOptions): string {
  const n = o.labels.length;
  const ok = n > 0 && o.matrix.length === n && o.matrix.every((row) => row.length === n);
  if (!ok) return noDataSvg(o.title, o.noDataText, 'chart-confusion');

  const cell = n <= 8 ? 48 : Math.max(18, Math.min(48, Math.floor(520 / n)));
  const labelSize = n > 16 ? 10 : 11;
  const maxLabel = 130;
  const shortLabels = o.labels.map((l) => truncateText(l, maxLabel, labelSize));
  const labelW = Math.max(...shortLabels.map((l) => textWidth(l, labelSize)));
  const rotate = n > 4 || labelW > cell - 4;

  const left = 40 + labelW + 8; // y title + row labels
  const top = o.showTitle === false ? 12 : 34;
  const grid = cell * n;
  const bottomLabels = rotate ? labelW * 0.72 + 14 : 18;
  const legendW = 64;
  const width = left + grid + 16 + legendW;
  const height = top + grid + bottomLabels + 30;

  const parts: string[] = [svgOpen(width, height, o.title, 'chart-confusion')];
  if (o.showTitle !== false) parts.push(text(width / 2, 18, o.title, { anchor: 'middle', size: 13, weight: '600' }));

  const rowTotals = o.matrix.map((row) => row.reduce((s, v) => s + (isFiniteNumber(v) ? v : 0), 0));
  const maxCount = Math.max(0, ...o.matrix.flat().map((v) => (isFiniteNumber(v) ? v : 0)));
  const countSizeBase = Math.min(12, Math.max(7, cell * 0.42));
  const countDigits = fmtCount(maxCount).length;
  const countSize = Math.max(6, Math.min(countSizeBase, (cell - 3) / (countDigits * 0.6)));

  parts.push('<g class="cells">');
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = o.matrix[i][j];
      const count = isFiniteNumber(v) ? v : 0;
      const share = rowTotals[i] > 0 ? count / rowTotals[i] : 0;
      const cx = left + j * cell;
      const cy = top + i * cell;
      const tip = `${o.labels[i]} → ${o.labels[j]}: ${fmtCount(count)} (${(share * 100).toFixed(1)}%)`;
      parts.push(
        `<rect class="cell" x="${r(cx)}" y="${r(cy)}" width="${cell}" height="${cell}" fill="${blues(share)}" ` +
          `stroke="#fff" stroke-width="1" data-count="${count}"><title>${escapeHtml(tip)}</title></rect>`,
      );
      const fill = share > 0.5 ? '#fff' : count === 0 ? '#aaa' : COLOR.text;
      const strong = i === j ? '600' : undefined;
      parts.push(
        text(cx + cell / 2, cy + cell / 2 + countSize * 0.35, fmtCount(count), {
          anchor: 'middle',
          size: Math.round(countSize * 10) / 10,
          fill,
          weight: strong,
          cls: 'count',
        }),
      );
    }
  }
  parts.push('</g>');

  // Row (actual) labels and column (predicted) labels.
  parts.push('<g class="labels">');
  for (let i = 0; i < n; i++) {
    const y = top + i * cell + cell / 2 + labelSize * 0.35;
    parts.push(text(left - 6, y, shortLabels[i], { anchor: 'end', size: labelSize, full: o.labels[i] }));
  }
  const labelTop = top + grid + 6;
  for (let j = 0; j < n; j++) {
    const x = left + j * cell + cell / 2;
    if (rotate) {
      const tx = x + labelSize * 0.35;
      parts.push(
        text(tx, labelTop, shortLabels[j], {
          anchor: 'end',
          size: labelSize,
          full: o.labels[j],
          transform: `rotate(-45 ${r(tx)} ${r(labelTop)})`,
        }),
      );
    } else {
      parts.push(text(x, labelTop + labelSize, shortLabels[j], { anchor: 'middle', size: labelSize, full: o.labels[j] }));
    }
  }
  parts.push('</g>');

  // Axis titles.
  const cy = top + grid / 2;
  parts.push(text(16, cy, o.yTitle, { anchor: 'middle', size: 12, weight: '600', transform: `rotate(-90 16 ${r(cy)})` }));
  parts.push(text(left + grid / 2, height - 8, o.xTitle, { anchor: 'middle', size: 12, weight: '600' }));

  // Discrete legend: 10 steps from 0% (bottom) to 100% (top) of the row.
  const lx = left + grid + 16;
  const steps = 10;
  const lh = Math.min(grid, 200);
  const sh = lh / steps;
  parts.push('<g class="legend">');
  for (let k = 0; k < steps; k++) {
    const t = (k + 0.5) / steps;
    parts.push(`<rect x="${r(lx)}" y="${r(top + lh - (k + 1) * sh)}" width="14" height="${r(sh + 0.5)}" fill="${blues(t)}"/>`);
  }
  parts.push(`<rect x="${r(lx)}" y="${r(top)}" width="14" height="${r(lh)}" fill="none" stroke="${COLOR.grid}"/>`);
  const [lo, hi] = o.legend ?? ['0%', '100%'];
  parts.push(text(lx + 18, top + 9, hi, { size: 10, fill: COLOR.muted }));
  parts.push(text(lx + 18, top + lh, lo, { size: 10, fill: COLOR.muted }));
  parts.push('</g></svg>');
  return parts.join('');
}

