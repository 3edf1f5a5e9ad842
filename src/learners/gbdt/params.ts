/**
 * GBDT hyperparameters (LightGBM / FLAML names), their validation and the search space.
 */
import { AskmlError } from '../../errors.js';
import type { DataShape, Params, SearchSpace } from '../types.js';
import type { RegressionLoss } from './loss.js';

export interface GbdtParams {
  n_estimators: number;
  num_leaves: number;
  max_depth: number;
  min_child_samples: number;
  min_child_weight: number;
  min_split_gain: number;
  learning_rate: number;
  reg_lambda: number;
  subsample: number;
  colsample_bytree: number;
  max_bin: number;
  loss: RegressionLoss;
  huber_delta: number;
}

export const GBDT_DEFAULTS: GbdtParams = {
  n_estimators: 100,
  num_leaves: 31,
  max_depth: -1,
  min_child_samples: 20,
  min_child_weight: 1e-3,
  min_split_gain: 0,
  learning_rate: 0.1,
  reg_lambda: 0,
  subsample: 1,
  colsample_bytree: 1,
  max_bin: 255,
  loss: 'l2',
  huber_delta: 1,
};

const NUMERIC: readonly (keyof GbdtParams)[] = [
  'n_estimators',
  'num_leaves',
  'max_depth',
  'min_child_samples',
  'min_child_weight',
  'min_split_gain',
  'learning_rate',
  'reg_lambda',
  'subsample',
  'colsample_bytree',
  'max_bin',
  'huber_delta',
];

/** Merge user params over defaults, validating names and ranges. Never mutates `params`. */
export function parseGbdtParams(params: Params): GbdtParams {
  const out: GbdtParams = { ...GBDT_DEFAULTS };
  const valid = [...NUMERIC, 'loss'];
  for (const [k, v] of Object.entries(params)) {
    if (!valid.includes(k)) {
      throw new AskmlError('BAD_ARGUMENT', `Unknown gbdt parameter '${k}'.`, { choices: valid, value: k });
    }
    if (k === 'loss') {
      if (v !== 'l2' && v !== 'l1' && v !== 'huber') {
        throw new AskmlError('BAD_ARGUMENT', `gbdt loss '${String(v)}' is not supported.`, {
          choices: ['l2', 'l1', 'huber'],
        });
      }
      out.loss = v;
      continue;
    }
    const x = Number(v);
    if (!Number.isFinite(x)) {
      throw new AskmlError('BAD_ARGUMENT', `gbdt parameter '${k}' must be a number, got ${String(v)}.`);
    }
    (out as unknown as Record<string, number>)[k] = x;
  }
  const check = (ok: boolean, name: string, what: string): void => {
    if (!ok) throw new AskmlError('BAD_ARGUMENT', `gbdt parameter '${name}' ${what}, got ${String(out[name as keyof GbdtParams])}.`);
  };
  out.n_estimators = Math.round(out.n_estimators);
  out.num_leaves = Math.round(out.num_leaves);
  out.min_child_samples = Math.round(out.min_child_samples);
  check(out.n_estimators >= 1, 'n_estimators', 'must be >= 1');
  check(out.num_leaves >= 2, 'num_leaves', 'must be >= 2');
  check(out.learning_rate > 0, 'learning_rate', 'must be > 0');
  check(out.subsample > 0 && out.subsample <= 1, 'subsample', 'must be in (0, 1]');
  check(out.colsample_bytree > 0 && out.colsample_bytree <= 1, 'colsample_bytree', 'must be in (0, 1]');
  check(out.max_bin >= 2 && out.max_bin <= 255, 'max_bin', 'must be in [2, 255]');
  check(out.reg_lambda >= 0, 'reg_lambda', 'must be >= 0');
  check(out.min_child_samples >= 1, 'min_child_samples', 'must be >= 1');
  return out;
}

/** FLAML-style space: a cheap init (few small trees) and LightGBM's defaults. */
export function gbdtSpace(shape: DataShape): SearchSpace {
  const upper = Math.max(5, Math.min(32768, Math.floor(shape.rows)));
  const params: SearchSpace['params'] = {
    n_estimators: { type: 'int', low: 4, high: upper, log: true },
    num_leaves: { type: 'int', low: 4, high: upper, log: true },
    min_child_samples: { type: 'int', low: 2, high: 2 ** 7 + 1, log: true },
    learning_rate: { type: 'float', low: 1 / 1024, high: 1.0, log: true },
    subsample: { type: 'float', low: 0.1, high: 1.0 },
    colsample_bytree: { type: 'float', low: 0.01, high: 1.0 },
    reg_lambda: { type: 'float', low: 1 / 1024, high: 1024, log: true },
  };
  return {
    params,
    init: {
      n_estimators: 4,
      num_leaves: 4,
      min_child_samples: 20,
      learning_rate: 0.1,
      subsample: 1,
      colsample_bytree: 1,
      reg_lambda: 1,
    },
    default: {
      n_estimators: 100,
      num_leaves: 31,
      min_child_samples: 20,
      learning_rate: 0.1,
      subsample: 1,
      colsample_bytree: 1,
      reg_lambda: 1 / 1024,
    },
    // 100 x 31-leaf trees vs 4 x 4: measured 7x on diamonds (0.13 s vs 0.9 s at 38k rows), where
    // binning and fold set-up dominate the cheap init; ~15x on letter's 26 classes.
    defaultCostRatio: 10,
  };
}
