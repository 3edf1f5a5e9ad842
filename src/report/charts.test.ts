import { describe, expect, it } from 'vitest';
import { improvements, residualStats, topFeatures } from './derive.js';
import { residualSummary } from '../evaluate/evaluate.js';
import { escapeHtml, escapeMarkdown, fmtNumber, fmtScore, paramsSummary } from './format.js';
import { translator } from './i18n.js';
import { barChart } from './svg/bars.js';
import { niceTicks, padDomain, textWidth, truncateText } from './svg/common.js';
import { blues, confusionHeatmap } from './svg/heatmap.js';
import { bestSoFar, progressChart } from './svg/linechart.js';
import { scatterChart } from './svg/scatter.js';

const count = (s: string, re: RegExp): number => (s.match(re) ?? []).length;
const nums = (s: string, attr: string): number[] => [...s.matchAll(new RegExp(`${attr}="(-?[\\d.]+)"`, 'g'))].map((m) => Number(m[1]));

describe('scales and text', () => {
  it('picks round ticks covering the domain', () => {
    expect(niceTicks({ min: 0.74, max: 0.89 }, 5).ticks).toEqual([0.7, 0.75, 0.8, 0.85, 0.9]);
    expect(niceTicks({ min: 0, max: 37 }, 6).ticks).toEqual([0, 10, 20, 30, 40]);
    // a zero crossing is 0, not the running sum's 6.94e-18 (audit: a tick label of the importance chart)
    expect(niceTicks({ min: -0.06, max: 0.02 }).ticks).toEqual([-0.06, -0.04, -0.02, 0, 0.02]);
    expect(niceTicks({ min: -8.2, max: 121.5 }, 5).ticks).toEqual([-50, 0, 50, 100, 150]);
  });

  it('widens a zero-width domain', () => {
    expect(padDomain({ min: 3, max: 3 })).toEqual({ min: 2.7, max: 3.3 });
    expect(padDomain({ min: 0, max: 0 })).toEqual({ min: -1, max: 1 });
  });

  it('counts CJK glyphs as wide and truncates with an ellipsis', () => {
    expect(textWidth('abc', 10)).toBeCloseTo(18);
    expect(textWidth('成交价格', 10)).toBe(40);
    const cut = truncateText('所在区域（行政区及街道的完整名称）', 60, 10);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 10)).toBeLessThanOrEqual(60);
    expect(truncateText('short', 60, 10)).toBe('short');
  });

  it('formats numbers and params compactly', () => {
    expect(fmtScore(0.87123)).toBe('0.8712');
    expect(fmtScore(NaN)).toBe('–');
    expect(fmtScore(null)).toBe('–');
    expect(fmtNumber(0.000012)).toBe('1.2e-5');
    expect(fmtNumber(12345.678)).toBe('12350');
    expect(paramsSummary({ b: 2, a: 'x', c: null })).toBe('a=x, b=2, c=null');
    expect(paramsSummary({ long: 'x'.repeat(200) }, 20)).toHaveLength(20);
  });

  it('escapes HTML and Markdown', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeMarkdown('# [x](javascript:1) a|b *c* snake_case _u_')).toBe('\\# \\[x\\](javascript:1) a\\|b \\*c\\* snake_case \\_u\\_');
    expect(escapeMarkdown('12. item')).toBe('12\\. item');
    // a version or a time is not a list item
    expect([escapeMarkdown('0.1.0'), escapeMarkdown('4.47 s')]).toEqual(['0.1.0', '4.47 s']);
  });

  it('translates with placeholders and falls back to English', () => {
    expect(translator('zh')('seconds', { n: 5 })).toBe('5 秒');
    expect(translator('fr')('secPlan')).toBe('Plan');
  });
});

describe('progressChart', () => {
  const base = { title: 'T', xTitle: 'x', yTitle: 'y', noDataText: 'nothing' };

  it('steps through the improvements (higher and lower is better)', () => {
    const pts = [
      { x: 1, y: 0.5 },
      { x: 2, y: 0.4 },
      { x: 3, y: 0.7 },
      { x: 4, y: null },
      { x: 5, y: 0.6 },
    ];
    expect(bestSoFar(pts, true)).toEqual([
      { x: 1, y: 0.5 },
      { x: 3, y: 0.7 },
    ]);
    expect(bestSoFar(pts, false)).toEqual([
      { x: 1, y: 0.5 },
      { x: 2, y: 0.4 },
    ]);
    const svg = progressChart({ ...base, points: pts, greaterIsBetter: true });
    expect(count(svg, /<circle class="trial"/g)).toBe(4);
    expect(count(svg, /class="trial-failed"/g)).toBe(1);
    expect(count(svg, /<circle class="best-point"/g)).toBe(2);
    const d = /class="best-line" d="([^"]+)"/.exec(svg)![1];
    expect(d.match(/H/g)).toHaveLength(2); // one improvement step + the tail to the last trial
  });

  it('handles one point, all-equal scores, NaN and no scored trial', () => {
    const one = progressChart({ ...base, points: [{ x: 0, y: 0.8 }], greaterIsBetter: true });
    expect(one).toContain('class="best-line"');
    expect(one).not.toMatch(/NaN|Infinity/);
    const flat = progressChart({ ...base, points: [1, 2, 3].map((x) => ({ x, y: 0.5 })), greaterIsBetter: true });
    expect(flat).not.toMatch(/NaN|Infinity/);
    expect(count(flat, /<circle class="trial"/g)).toBe(3);
    const withNaN = progressChart({ ...base, points: [{ x: NaN, y: 1 }, { x: 1, y: NaN }, { x: 2, y: 0.3 }], greaterIsBetter: true });
    expect(withNaN).not.toMatch(/NaN|Infinity/);
    expect(count(withNaN, /<circle class="trial"/g)).toBe(1);
    const none = progressChart({ ...base, points: [{ x: 1, y: null }], greaterIsBetter: true });
    expect(none).toContain('chart-empty');
    expect(none).toContain('>nothing</text>');
  });
});

describe('confusionHeatmap', () => {
  it('draws one cell per pair with counts and row-share colours', () => {
    const svg = confusionHeatmap({ title: 'CM', labels: ['a', 'b'], matrix: [[8, 2], [0, 5]], xTitle: 'pred', yTitle: 'act', noDataText: '-' });
    expect(count(svg, /<rect class="cell"/g)).toBe(4);
    expect([...svg.matchAll(/class="count">(\d+)</g)].map((m) => Number(m[1]))).toEqual([8, 2, 0, 5]);
    expect(svg).toContain(`fill="${blues(0.8)}"`);
    expect(svg).toContain(`fill="${blues(1)}"`);
  });

  it('fits 26 classes with long Chinese labels', () => {
    const labels = Array.from({ length: 26 }, (_, i) => `非常长的中文类别名称第${i + 1}号（含说明）`);
    const matrix = labels.map((_, i) => labels.map((__, j) => (i === j ? 1234 : j === (i + 1) % 26 ? 7 : 0)));
    const svg = confusionHeatmap({ title: 'CM', labels, matrix, xTitle: '预测', yTitle: '真实', noDataText: '-' });
    expect(count(svg, /<rect class="cell"/g)).toBe(676);
    const width = Number(/viewBox="0 0 ([\d.]+) /.exec(svg)![1]);
    expect(width).toBeLessThan(980);
    expect(count(svg, /…<\/text>/g)).toBe(52); // every label truncated, rows and columns
    expect(svg).toContain('<title>非常长的中文类别名称第1号（含说明）</title>');
    // Counts are shrunk to fit the cell.
    const sizes = [...svg.matchAll(/font-size="([\d.]+)"[^>]*class="count"/g)].map((m) => Number(m[1]));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(12);
    expect(Math.max(...sizes) * 0.6 * 5).toBeLessThanOrEqual(20); // '1,234' fits a 20 px cell
  });

  it('shows a placeholder for a malformed matrix', () => {
    const svg = confusionHeatmap({ title: 'CM', labels: ['a', 'b'], matrix: [[1]], xTitle: 'p', yTitle: 'a', noDataText: 'no data' });
    expect(svg).toContain('chart-empty');
  });
});

describe('barChart', () => {
  it('draws one bar per item, negatives to the left of zero', () => {
    const svg = barChart({
      title: 'imp',
      xTitle: 'importance',
      noDataText: '-',
      items: [
        { label: 'a', value: 0.3, err: 0.05 },
        { label: 'b', value: 0.1 },
        { label: 'c', value: -0.05 },
        { label: 'd', value: NaN },
      ],
    });
    expect(count(svg, /<rect class="bar"/g)).toBe(3);
    expect(count(svg, /class="err"/g)).toBe(1);
    const xs = [...svg.matchAll(/<rect class="bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(xs[0][0]).toBe(xs[1][0]); // positives start at zero
    expect(xs[2][0] + xs[2][1]).toBeCloseTo(xs[0][0], 0); // the negative ends at zero
    expect(xs[0][1] / xs[1][1]).toBeCloseTo(3, 1);
    expect(svg).not.toMatch(/NaN/);
  });

  it('handles all-zero values and an empty list', () => {
    const svg = barChart({ title: 't', xTitle: 'x', noDataText: '-', items: [{ label: 'a', value: 0 }, { label: 'b', value: 0 }] });
    expect(count(svg, /<rect class="bar"/g)).toBe(2);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(barChart({ title: 't', xTitle: 'x', noDataText: 'empty', items: [] })).toContain('chart-empty');
  });
});

describe('scatterChart', () => {
  it('drops non-finite pairs, samples to maxPoints and draws y = x on the diagonal', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => i / 10);
    const ys = xs.map((x, i) => (i % 100 === 0 ? NaN : x + 1));
    const res = scatterChart({ title: 's', xs, ys, xTitle: 'a', yTitle: 'p', noDataText: '-', maxPoints: 2000 });
    expect(res.total).toBe(4950);
    expect(res.shown).toBe(2000);
    expect(count(res.svg, /<circle class="point"/g)).toBe(2000);
    const m = /class="identity" x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/.exec(res.svg)!;
    const [x1, y1, x2, y2] = m.slice(1).map(Number);
    expect(x2 - x1).toBeCloseTo(y1 - y2, 0); // 45 degrees: equal scales on both axes
    expect(res.svg).not.toMatch(/NaN/);
  });

  it('handles a single pair and no finite pairs', () => {
    const one = scatterChart({ title: 's', xs: [3], ys: [3], xTitle: 'a', yTitle: 'p', noDataText: '-' });
    expect(one.shown).toBe(1);
    expect(one.svg).not.toMatch(/NaN|Infinity/);
    expect(nums(one.svg, 'cx')[0]).toBeGreaterThan(0);
    const none = scatterChart({ title: 's', xs: [NaN], ys: [1], xTitle: 'a', yTitle: 'p', noDataText: 'none' });
    expect(none.total).toBe(0);
    expect(none.svg).toContain('chart-empty');
  });
});

describe('derive', () => {
  it('sorts importance, lists improvements and computes residuals', () => {
    const top = topFeatures({ method: 'm', features: [{ name: 'a', importance: 1, std: null }, { name: 'b', importance: NaN, std: null }, { name: 'c', importance: 3, std: null }] }, 2);
    expect(top.map((f) => f.name)).toEqual(['c', 'a']);
    const imp = improvements(
      [
        { id: 2, learner: 'x', elapsedSeconds: 2, score: 5, status: 'ok' },
        { id: 1, learner: 'x', elapsedSeconds: 1, score: 6, status: 'ok' },
        { id: 3, learner: 'x', elapsedSeconds: 3, score: 1, status: 'failed' },
        { id: 4, learner: 'x', elapsedSeconds: 4, score: 4, status: 'ok' },
      ],
      false,
    );
    expect(imp.map((t) => t.id)).toEqual([1, 2, 4]);
    const r = residualStats([1, 2, 3, NaN], [2, 2, 1, 5]);
    expect(r.n).toBe(3);
    // actual − predicted, the sign evaluation.json uses (audit9 F10).
    expect(r.mean).toBeCloseTo(1 / 3);
    expect(r.mean).toBeCloseTo(residualSummary([1, 2, 3], [2, 2, 1]).mean);
    expect(translator('en')('residualMean')).toBe('mean residual (actual − predicted)');
    expect(translator('zh')('residualMean')).toBe('平均残差（真实 − 预测）');
    expect(r.maxAbs).toBe(2);
    expect(r.rmse).toBeCloseTo(Math.sqrt(5 / 3));
  });
});
