/**
 * Cartesian axes with gridlines, tick labels and axis titles, for the line and scatter charts.
 */
import { COLOR, type Domain, niceTicks, r, scale, text, textWidth, tickLabel } from './common.js';

export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Axes {
  x: (v: number) => number;
  y: (v: number) => number;
  xDomain: Domain;
  yDomain: Domain;
  svg: string;
  /** The plot area actually used (left grows to fit the y tick labels). */
  area: PlotArea;
}

/** Build scales with nice ticks over the (already padded) domains and draw the axes. */
export function drawAxes(opts: {
  area: PlotArea;
  xDomain: Domain;
  yDomain: Domain;
  xTitle: string;
  yTitle: string;
  xTicks?: number;
  yTicks?: number;
  /** Make the plot area square (equal px per unit when both domains match, so y = x is 45°). */
  square?: boolean;
}): Axes {
  const xt = niceTicks(opts.square ? union(opts.xDomain, opts.yDomain) : opts.xDomain, opts.xTicks ?? (opts.square ? 5 : 6));
  const yt = opts.square ? xt : niceTicks(opts.yDomain, opts.yTicks ?? 5);
  // Make room on the left for the widest y tick label (the y title sits at x=14).
  const labelW = Math.max(...yt.ticks.map((v) => textWidth(tickLabel(v), 10)));
  const left = Math.max(opts.area.left, 26 + labelW + 8);
  const area: PlotArea = { ...opts.area, left, width: opts.area.width - (left - opts.area.left) };
  if (opts.square) {
    const side = Math.min(area.width, area.height);
    area.top += area.height - side;
    area.width = side;
    area.height = side;
  }
  const x = scale(xt.domain, area.left, area.left + area.width);
  const y = scale(yt.domain, area.top + area.height, area.top);
  const bottom = area.top + area.height;
  const right = area.left + area.width;
  const parts: string[] = ['<g class="axes">'];
  for (const v of yt.ticks) {
    const py = y(v);
    parts.push(`<line x1="${r(area.left)}" y1="${r(py)}" x2="${r(right)}" y2="${r(py)}" stroke="${COLOR.grid}"/>`);
    parts.push(text(area.left - 6, py + 4, tickLabel(v), { anchor: 'end', size: 10, fill: COLOR.muted }));
  }
  for (const v of xt.ticks) {
    const px = x(v);
    parts.push(`<line x1="${r(px)}" y1="${r(bottom)}" x2="${r(px)}" y2="${r(bottom + 4)}" stroke="${COLOR.axis}"/>`);
    parts.push(text(px, bottom + 16, tickLabel(v), { anchor: 'middle', size: 10, fill: COLOR.muted }));
  }
  parts.push(`<line x1="${r(area.left)}" y1="${r(bottom)}" x2="${r(right)}" y2="${r(bottom)}" stroke="${COLOR.axis}"/>`);
  parts.push(`<line x1="${r(area.left)}" y1="${r(area.top)}" x2="${r(area.left)}" y2="${r(bottom)}" stroke="${COLOR.axis}"/>`);
  parts.push(text(area.left + area.width / 2, bottom + 34, opts.xTitle, { anchor: 'middle', size: 11 }));
  const cy = area.top + area.height / 2;
  parts.push(
    text(14, cy, opts.yTitle, { anchor: 'middle', size: 11, transform: `rotate(-90 14 ${r(cy)})` }),
  );
  parts.push('</g>');
  return { x, y, xDomain: xt.domain, yDomain: yt.domain, svg: parts.join(''), area };
}

function union(a: Domain, b: Domain): Domain {
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}
