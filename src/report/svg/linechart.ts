/**
 * "Best score so far" step chart for the search: x = seconds since the search started,
 * y = the best score reached by then, plus one dot per scored trial and a red tick on the
 * x axis per failed/pruned trial.
 */
import { escapeHtml, isFiniteNumber } from '../format.js';
import { drawAxes } from './axes.js';
import { COLOR, type Domain, extent, noDataSvg, padDomain, r, sampleIndices, svgOpen, text } from './common.js';

export interface ProgressPoint {
  /** Seconds since the search started. */
  x: number;
  /** Score; null/NaN for a failed or pruned trial. */
  y: number | null;
  /** Shown as a tooltip, e.g. "#12 gbdt 0.8123". */
  label?: string;
}

export interface ProgressChartOptions {
  title: string;
  /** Draw the title above the chart (it is always the SVG's accessible <title>). Default true. */
  showTitle?: boolean;
  xTitle: string;
  yTitle: string;
  points: ProgressPoint[];
  greaterIsBetter: boolean;
  noDataText: string;
  width?: number;
  height?: number;
  /** Draw at most this many trial dots (evenly sampled); the step line always uses all. */
  maxDots?: number;
}

/** The running best over `points` sorted by x: only the points where the best improved. */
export function bestSoFar(points: ProgressPoint[], greaterIsBetter: boolean): { x: number; y: number }[] {
  const ok = points
    .filter((p) => isFiniteNumber(p.x) && isFiniteNumber(p.y))
    .sort((a, b) => a.x - b.x) as { x: number; y: number }[];
  const out: { x: number; y: number }[] = [];
  for (const p of ok) {
    const last = out[out.length - 1];
    if (!last || (greaterIsBetter ? p.y > last.y : p.y < last.y)) out.push({ x: p.x, y: p.y });
  }
  return out;
}

export function progressChart(o: ProgressChartOptions): string {
  const width = o.width ?? 640;
  const height = o.height ?? 300;
  const best = bestSoFar(o.points, o.greaterIsBetter);
  if (best.length === 0) return noDataSvg(o.title, o.noDataText, 'chart-progress', width, 120);

  const xs = o.points.filter((p) => isFiniteNumber(p.x)).map((p) => p.x);
  const xExt = extent(xs) ?? { min: 0, max: 1 };
  const xDomain: Domain = padDomain({ min: Math.min(0, xExt.min), max: xExt.max });
  const okY = o.points.map((p) => (isFiniteNumber(p.y) && isFiniteNumber(p.x) ? p.y : NaN));
  const yExt = extent(okY) as Domain;
  const span = yExt.max - yExt.min;
  const yDomain = padDomain({ min: yExt.min - span * 0.05, max: yExt.max + span * 0.05 });

  const top = o.showTitle === false ? 12 : 30;
  const axes = drawAxes({
    area: { left: 56, top, width: width - 56 - 16, height: height - top - 48 },
    xDomain,
    yDomain,
    xTitle: o.xTitle,
    yTitle: o.yTitle,
  });
  const { x, y } = axes;
  const parts: string[] = [svgOpen(width, height, o.title, 'chart-progress')];
  if (o.showTitle !== false) parts.push(text(width / 2, 18, o.title, { anchor: 'middle', size: 13, weight: '600' }));
  parts.push(axes.svg);

  // Step line: horizontal until the next improvement, then vertical; carried to the last trial.
  let d = `M${r(x(best[0].x))},${r(y(best[0].y))}`;
  for (let i = 1; i < best.length; i++) d += `H${r(x(best[i].x))}V${r(y(best[i].y))}`;
  d += `H${r(x(xExt.max))}`;
  parts.push(`<path class="best-line" d="${d}" fill="none" stroke="${COLOR.line}" stroke-width="2"/>`);

  const finite = o.points.filter((p) => isFiniteNumber(p.x));
  const idx = sampleIndices(finite.length, o.maxDots ?? 2000);
  const dots: string[] = [];
  const fails: string[] = [];
  const bottom = axes.area.top + axes.area.height;
  for (const i of idx) {
    const p = finite[i];
    const tip = p.label ? `<title>${escapeHtml(p.label)}</title>` : '';
    if (isFiniteNumber(p.y)) {
      dots.push(`<circle class="trial" cx="${r(x(p.x))}" cy="${r(y(p.y))}" r="3" fill="${COLOR.point}" fill-opacity="0.35">${tip}</circle>`);
    } else {
      const px = r(x(p.x));
      fails.push(`<line class="trial-failed" x1="${px}" y1="${r(bottom - 7)}" x2="${px}" y2="${r(bottom)}" stroke="${COLOR.failed}" stroke-width="1.5">${tip}</line>`);
    }
  }
  parts.push(`<g class="trials">${dots.join('')}${fails.join('')}</g>`);
  parts.push(
    `<g class="improvements">${best
      .map((p) => `<circle class="best-point" cx="${r(x(p.x))}" cy="${r(y(p.y))}" r="3.5" fill="${COLOR.line}"/>`)
      .join('')}</g>`,
  );
  parts.push('</svg>');
  return parts.join('');
}

