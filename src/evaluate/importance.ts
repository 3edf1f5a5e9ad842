/**
 * Permutation importance by input column on held-out rows: how much the score drops when one
 * column's values are shuffled. Seeded, on at most `maxRows` rows with `repeats` shuffles, and
 * stopped after `maxSeconds` (the result says which columns were measured).
 */
import { takeColumn, type Frame } from '../data/frame.js';
import type { TrainedModel } from '../search/trained-model.js';
import { createRng, permutation } from '../util/random.js';
import { METRICS, scoreMetric, type MetricName } from './metrics.js';

export interface ColumnImportance {
  column: string;
  /** Mean drop in the metric (positive: the column helps), in metric units. */
  mean: number;
  std: number;
}

export interface ImportanceOptions {
  metric: MetricName;
  seed?: number;
  maxRows?: number;
  repeats?: number;
  maxSeconds?: number;
}

export interface ImportanceResult {
  columns: ColumnImportance[];
  rows: number;
  repeats: number;
  /** False when the time limit stopped it before every column was measured. */
  complete: boolean;
  baseline: number;
}

/** `y` is the encoded target of `frame` (class index aligned with model.labels, or value). */
export function permutationImportance(model: TrainedModel, frame: Frame, y: Float64Array, o: ImportanceOptions): ImportanceResult {
  const t0 = performance.now();
  const rng = createRng(o.seed ?? 0);
  const maxRows = o.maxRows ?? 2000;
  const repeats = o.repeats ?? 3;
  let rows = frame;
  let yy = y;
  if (frame.nRows > maxRows) {
    const idx = permutation(frame.nRows, rng).slice(0, maxRows).sort();
    rows = { nRows: idx.length, columns: frame.columns.map((c) => takeColumn(c, idx)) };
    yy = Float64Array.from(idx, (i) => y[i]);
  }
  const k = model.nClasses;
  const score = (f: Frame): number => {
    const p = model.predict(f);
    return scoreMetric(o.metric, yy, p.values, p.proba, model.task === 'regression' ? 1 : k);
  };
  const sign = METRICS[o.metric].direction === 'higher' ? 1 : -1;
  const baseline = score(rows);
  const out: ColumnImportance[] = [];
  let complete = true;
  const inputs = model.inputColumns;
  for (const name of inputs) {
    if (o.maxSeconds !== undefined && (performance.now() - t0) / 1000 > o.maxSeconds) {
      complete = false;
      break;
    }
    const j = rows.columns.findIndex((c) => c.name === name);
    if (j < 0) continue;
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const perm = permutation(rows.nRows, rng);
      const cols = rows.columns.slice();
      cols[j] = takeColumn(rows.columns[j], perm);
      // A shuffle that changed no prediction scores the baseline up to float rounding (3.7e-17): 0.
      const drop = sign * (baseline - score({ nRows: rows.nRows, columns: cols }));
      drops.push(Math.abs(drop) < 1e-12 * Math.max(1, Math.abs(baseline)) ? 0 : drop);
    }
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length);
    out.push({ column: name, mean, std });
  }
  out.sort((a, b) => b.mean - a.mean);
  return { columns: out, rows: rows.nRows, repeats, complete, baseline };
}
