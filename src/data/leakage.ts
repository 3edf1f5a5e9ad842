/**
 * Likely target leakage: a feature that (nearly) determines the target, i.e. a copy of it or a
 * function of it, not merely a strong predictor (a strong predictor is what a model is for).
 * For classification, the share of rows whose class is the majority class of their feature group
 * (purity) must reach 99.9%; for regression, |Pearson r| (a copy, a copy times a constant) or
 * |Spearman rho| (a monotone function such as log(y)) of a numeric feature, or the between-group
 * R² of a categorical one, must reach 0.9999. Missing cells are left out, so a copy with holes is
 * still one. The bar is that high because a noisy linear relation is no leak: y = 10 a + noise
 * with 0.5% of the variance unexplained has r = 0.9975 (rho about 0.997), and at the old bar of
 * 0.99 such a column was dropped and the model learned nothing (audit H, reg_allneg.csv, r 0.9947).
 * Also: duplicate-row counting.
 */
import type { Column, Frame } from './frame.js';
import type { TaskType } from '../learners/types.js';
import { averageRanks } from '../util/order-stats.js';

const MAX_GROUPS = 1000;

/** Class index per row (-1 missing) for any column used as a classification target. */
export function classIndex(col: Column): { y: Int32Array; nClasses: number } {
  const n = col.type === 'categorical' ? col.codes.length : col.values.length;
  const y = new Int32Array(n).fill(-1);
  if (col.type === 'categorical') {
    y.set(col.codes);
    return { y, nClasses: col.levels.length };
  }
  const map = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const v = col.values[i];
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
    let k = map.get(v);
    if (k === undefined) {
      k = map.size;
      map.set(v, k);
    }
    y[i] = k;
  }
  return { y, nClasses: map.size };
}

/** Group index per row (missing is its own group), or null when there are too many groups. */
function groups(col: Column, maxGroups: number): { g: Int32Array; nGroups: number } | null {
  if (col.type === 'text') return null;
  if (col.type === 'categorical') {
    if (col.levels.length > maxGroups) return null;
    const g = new Int32Array(col.codes.length);
    for (let i = 0; i < g.length; i++) g[i] = col.codes[i] < 0 ? col.levels.length : col.codes[i];
    return { g, nGroups: col.levels.length + 1 };
  }
  const map = new Map<number, number>();
  const g = new Int32Array(col.values.length);
  for (let i = 0; i < g.length; i++) {
    const v = col.values[i];
    const key = Number.isNaN(v) ? Infinity : v;
    let k = map.get(key);
    if (k === undefined) {
      if (map.size >= maxGroups) return null;
      k = map.size;
      map.set(key, k);
    }
    g[i] = k;
  }
  return { g, nGroups: map.size };
}

export interface LeakCheck {
  /** 0..1: purity (classification) or |r|, |rho| / R² (regression). */
  score: number;
  message: string;
}

/** Purity a feature must reach to count as a leak of a class target: at most 1 row in 1,000 disagrees. */
export const CLASS_LEAK_PURITY = 0.999;
/** |r|, |rho| or R² a feature must reach to count as a leak of a numeric target. */
export const REGRESSION_LEAK_SCORE = 0.9999;

/** How strongly `feature` determines the target, when it looks like leakage; else null. */
export function leakCheck(
  feature: Column,
  target: Column,
  task: TaskType,
  frame: Frame,
  opts: { threshold?: number; classes?: { y: Int32Array; nClasses: number } } = {},
): LeakCheck | null {
  const threshold = opts.threshold ?? (task === 'regression' ? REGRESSION_LEAK_SCORE : CLASS_LEAK_PURITY);
  const maxGroups = Math.min(MAX_GROUPS, Math.max(2, Math.floor(frame.nRows / 20)));
  if (task !== 'regression') {
    const { y, nClasses } = opts.classes ?? classIndex(target);
    const gr = groups(feature, maxGroups);
    if (!gr || gr.nGroups < 2 || nClasses < 2) return null;
    const counts = new Float64Array(gr.nGroups * nClasses);
    const classCounts = new Float64Array(nClasses);
    let n = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] < 0) continue;
      counts[gr.g[i] * nClasses + y[i]]++;
      classCounts[y[i]]++;
      n++;
    }
    let hit = 0;
    for (let g = 0; g < gr.nGroups; g++) {
      let best = 0;
      for (let c = 0; c < nClasses; c++) best = Math.max(best, counts[g * nClasses + c]);
      hit += best;
    }
    const purity = hit / Math.max(1, n);
    const majority = Math.max(...classCounts) / Math.max(1, n);
    if (purity >= threshold && majority < 0.95) {
      return { score: purity, message: `'${feature.name}' alone predicts '${target.name}' for ${(purity * 100).toFixed(1)}% of rows` };
    }
    return null;
  }
  if (target.type === 'categorical' || target.type === 'text') return null;
  const y = target.values;
  if (feature.type === 'numeric' || feature.type === 'boolean' || feature.type === 'datetime') {
    const r = Math.abs(pearson(feature.values, y));
    if (r >= threshold) return { score: r, message: `'${feature.name}' has correlation ${r.toFixed(4)} with '${target.name}'` };
    const rho = Math.abs(spearman(feature.values, y, threshold));
    if (rho >= threshold) {
      return { score: rho, message: `'${feature.name}' has rank correlation ${rho.toFixed(4)} with '${target.name}' (a monotone function of it)` };
    }
    return null;
  }
  const gr = groups(feature, maxGroups);
  if (!gr) return null;
  const sum = new Float64Array(gr.nGroups);
  const cnt = new Float64Array(gr.nGroups);
  let total = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    sum[gr.g[i]] += y[i];
    cnt[gr.g[i]]++;
    total += y[i];
    n++;
  }
  const mean = total / Math.max(1, n);
  let ssTot = 0;
  let ssRes = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    const gm = sum[gr.g[i]] / cnt[gr.g[i]];
    ssTot += (y[i] - mean) ** 2;
    ssRes += (y[i] - gm) ** 2;
  }
  const r2 = ssTot > 0 ? 1 - ssRes / ssTot : 0;
  if (r2 >= threshold) return { score: r2, message: `'${feature.name}' explains ${(r2 * 100).toFixed(1)}% of the variance of '${target.name}'` };
  return null;
}

/** Rows of the subsample that screens a column before the full rank correlation (sorting 300k rows costs ~0.1 s). */
const SCREEN_ROWS = 2000;

/**
 * Pearson r of the ranks (ties share their mean rank) over the rows where both are present. On
 * large data an evenly spaced subsample of SCREEN_ROWS rows is ranked first, and only a column
 * whose rho there comes within 0.001 of `atLeast` is ranked in full: for a monotone function of
 * the target the subsample's rho is 1 as well, and a strong predictor is rejected cheaply.
 */
function spearman(a: Float64Array, b: Float64Array, atLeast: number): number {
  const rows: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) rows.push(i);
  if (rows.length < 3) return 0;
  if (rows.length > 2 * SCREEN_ROWS) {
    const step = rows.length / SCREEN_ROWS;
    const sample = Array.from({ length: SCREEN_ROWS }, (_, k) => rows[Math.floor(k * step)]);
    const screened = rankPearson(a, b, sample);
    if (Math.abs(screened) < atLeast - 0.001) return screened;
  }
  return rankPearson(a, b, rows);
}

function rankPearson(a: Float64Array, b: Float64Array, rows: readonly number[]): number {
  const xa = Float64Array.from(rows, (i) => a[i]);
  const xb = Float64Array.from(rows, (i) => b[i]);
  return pearson(averageRanks(xa), averageRanks(xb));
}

function pearson(a: Float64Array, b: Float64Array): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
    sa += a[i];
    sb += b[i];
    n++;
  }
  if (n < 3) return 0;
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
    const da = a[i] - ma;
    const db = b[i] - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}

/** Rows identical to an earlier row (by a 64-bit row hash; collisions are negligible). */
export function duplicateRows(frame: Frame): number {
  const n = frame.nRows;
  if (n < 2 || frame.columns.length === 0) return 0;
  const h1 = new Uint32Array(n).fill(0x811c9dc5);
  const h2 = new Uint32Array(n).fill(0x9e3779b9);
  for (const col of frame.columns) {
    if (col.type === 'categorical') {
      const codes = col.codes;
      for (let i = 0; i < n; i++) mix(h1, h2, i, codes[i], codes[i] * 31 + 7);
    } else if (col.type === 'text') {
      const vals = col.values;
      for (let i = 0; i < n; i++) {
        const s = vals[i];
        mix(h1, h2, i, s === null ? -1 : stringHash(s), s === null ? -7 : s.length);
      }
    } else {
      const f = new Float64Array(n);
      for (let i = 0; i < n; i++) f[i] = col.values[i] === 0 ? 0 : col.values[i]; // -0 -> 0
      const w = new Uint32Array(f.buffer);
      for (let i = 0; i < n; i++) mix(h1, h2, i, w[2 * i], w[2 * i + 1]);
    }
  }
  // Open addressing over (h1, h2) pairs.
  let cap = 16;
  while (cap < 2 * n) cap <<= 1;
  const mask = cap - 1;
  const k1 = new Uint32Array(cap);
  const k2 = new Uint32Array(cap);
  const used = new Uint8Array(cap);
  let dup = 0;
  for (let i = 0; i < n; i++) {
    const a = h1[i];
    const b = h2[i];
    let s = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    for (;;) {
      if (!used[s]) {
        used[s] = 1;
        k1[s] = a;
        k2[s] = b;
        break;
      }
      if (k1[s] === a && k2[s] === b) {
        dup++;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  return dup;
}

function mix(h1: Uint32Array, h2: Uint32Array, i: number, a: number, b: number): void {
  let x = Math.imul(h1[i] ^ a, 0x01000193);
  x ^= x >>> 13;
  h1[i] = Math.imul(x ^ b, 0x85ebca6b);
  let y = Math.imul(h2[i] + b, 0xc2b2ae35);
  y ^= y >>> 16;
  h2[i] = Math.imul(y ^ a, 0x27d4eb2f);
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
