/**
 * Predicted-vs-actual scatter for regression: both axes share one domain so the dashed
 * y = x reference line is the diagonal. Pairs with a non-finite value are dropped; more than
 * `maxPoints` pairs are sampled evenly (deterministic).
 */
import { isFiniteNumber } from '../format.js';
import { drawAxes } from './axes.js';
import { COLOR, extent, noDataSvg, padDomain, r, sampleIndices, svgOpen, text } from './common.js';

export interface ScatterOptions {
  title: string;
  /** Draw the title above the chart (it is always the SVG's accessible <title>). Default true. */
  showTitle?: boolean;
  /** Actual values (x). */
  xs: ArrayLike<number>;
  /** Predicted values (y), same length. */
  ys: ArrayLike<number>;
  xTitle: string;
  yTitle: string;
  noDataText: string;
  maxPoints?: number;
  size?: number;
}

export interface ScatterResult {
  svg: string;
  /** Finite pairs available and pairs drawn. */
  total: number;
  shown: number;
}

export function scatterChart(o: ScatterOptions): ScatterResult {
  const size = o.size ?? 440;
  const n = Math.min(o.xs.length, o.ys.length);
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (isFiniteNumber(o.xs[i]) && isFiniteNumber(o.ys[i])) keep.push(i);
  if (keep.length === 0) {
    return { svg: noDataSvg(o.title, o.noDataText, 'chart-scatter', size, 120), total: 0, shown: 0 };
  }
  const sample = sampleIndices(keep.length, o.maxPoints ?? 2000).map((k) => keep[k]);

  const all: number[] = [];
  for (const i of keep) all.push(o.xs[i], o.ys[i]);
  const ext = extent(all)!;
  const span = ext.max - ext.min;
  const dom = padDomain({ min: ext.min - span * 0.03, max: ext.max + span * 0.03 });

  const top = o.showTitle === false ? 12 : 30;
  const axes = drawAxes({
    area: { left: 56, top, width: size - 56 - 16, height: size - top - 48 },
    xDomain: dom,
    yDomain: dom,
    xTitle: o.xTitle,
    yTitle: o.yTitle,
    square: true,
  });
  const { x, y } = axes;
  const parts: string[] = [svgOpen(size, size, o.title, 'chart-scatter')];
  if (o.showTitle !== false) parts.push(text(size / 2, 18, o.title, { anchor: 'middle', size: 13, weight: '600' }));
  parts.push(axes.svg);

  const lo = Math.max(axes.xDomain.min, axes.yDomain.min);
  const hi = Math.min(axes.xDomain.max, axes.yDomain.max);
  parts.push(
    `<line class="identity" x1="${r(x(lo))}" y1="${r(y(lo))}" x2="${r(x(hi))}" y2="${r(y(hi))}" stroke="${COLOR.ref}" stroke-width="1.5" stroke-dasharray="5 4"/>`,
  );
  const radius = sample.length > 500 ? 2 : 3;
  const dots = sample.map(
    (i) => `<circle class="point" cx="${r(x(o.xs[i]))}" cy="${r(y(o.ys[i]))}" r="${radius}"/>`,
  );
  parts.push(`<g class="points" fill="${COLOR.point}" fill-opacity="0.4">${dots.join('')}</g>`);
  parts.push('</svg>');
  return { svg: parts.join(''), total: keep.length, shown: sample.length };
}
