/**
 * The `random_forest` and `extra_trees` learners: bagged randomised trees on binned data.
 */
import { AskmlError, throwIfAborted } from '../../errors.js';
import { createRng } from '../../util/random.js';
import { checkTarget } from '../gbdt/fit.js';
import { registerLearner } from '../registry.js';
import { Pacer, applyBins, denseData, fitBins } from '../tree/binning.js';
import type { Tree } from '../tree/tree.js';
import type { DataShape, FitOptions, Learner, Matrix, Params, SearchSpace, Target } from '../types.js';
import { ForestGrower } from './grow.js';
import { ForestModel } from './model.js';

export interface ForestParams {
  n_estimators: number;
  /** Fraction of features tried per split, or 'sqrt' / 'log2'. */
  max_features: number | 'sqrt' | 'log2';
  min_samples_leaf: number;
  min_samples_split: number;
  max_depth: number;
  bootstrap: boolean;
  max_bin: number;
  /**
   * Regression: 'l1' fits absolute error: splits are chosen on the ranks of the targets (squared
   * error on the ranks) and every leaf is the weighted median of its rows' targets, the constant
   * that minimises absolute error.
   */
  loss: 'l2' | 'l1';
}

const VALID = ['n_estimators', 'max_features', 'min_samples_leaf', 'min_samples_split', 'max_depth', 'bootstrap', 'max_bin', 'loss'];

function parseParams(name: string, params: Params, extra: boolean, task: Target['task']): ForestParams {
  const p: ForestParams = {
    n_estimators: 100,
    max_features: task === 'regression' ? 1 : 'sqrt',
    min_samples_leaf: 1,
    min_samples_split: 2,
    max_depth: -1,
    bootstrap: !extra,
    max_bin: 255,
    loss: 'l2',
  };
  for (const [k, v] of Object.entries(params)) {
    if (!VALID.includes(k)) throw new AskmlError('BAD_ARGUMENT', `Unknown ${name} parameter '${k}'.`, { choices: VALID, value: k });
    if (k === 'loss') {
      if (v !== 'l2' && v !== 'l1') throw new AskmlError('BAD_ARGUMENT', `${name} loss '${String(v)}' is not supported.`, { choices: ['l2', 'l1'], value: String(v) });
      if (v === 'l1' && task !== 'regression') throw new AskmlError('BAD_ARGUMENT', `${name} loss 'l1' is for regression; a ${task} target has no absolute error.`, { choices: ['l2'], value: 'l1' });
      p.loss = v;
    } else if (k === 'bootstrap') {
      p.bootstrap = v === true || v === 'true';
    } else if (k === 'max_features' && (v === 'sqrt' || v === 'log2')) {
      p.max_features = v;
    } else {
      const x = Number(v);
      const ok = Number.isFinite(x) && (k !== 'max_features' || (x > 0 && x <= 1));
      if (!ok) {
        throw new AskmlError('BAD_ARGUMENT', `${name} parameter '${k}' has invalid value ${String(v)}.`, {
          hint: k === 'max_features' ? "Use a fraction in (0, 1], 'sqrt' or 'log2'." : 'Use a number.',
        });
      }
      (p as unknown as Record<string, number>)[k] = k === 'max_features' ? x : Math.round(x);
    }
  }
  if (p.n_estimators < 1) throw new AskmlError('BAD_ARGUMENT', `${name} n_estimators must be >= 1.`);
  p.min_samples_leaf = Math.max(1, p.min_samples_leaf);
  p.min_samples_split = Math.max(2, p.min_samples_split);
  p.max_bin = Math.max(2, Math.min(255, p.max_bin));
  return p;
}

function featureCount(mf: ForestParams['max_features'], cols: number): number {
  if (mf === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(cols)));
  if (mf === 'log2') return Math.max(1, Math.floor(Math.log2(cols)));
  return Math.max(1, Math.round(mf * cols));
}

async function fitForest(
  name: string,
  extra: boolean,
  X: Matrix,
  y: Target,
  params: Params,
  opts: FitOptions,
): Promise<ForestModel> {
  const p = parseParams(name, params, extra, y.task);
  checkTarget(X, y, opts.sampleWeight, name);
  throwIfAborted(opts.signal, `${name} fit`);
  const n = X.rows;
  const cols = X.cols;
  const data = denseData(X);
  const mapper = await fitBins(data, n, cols, { maxBins: p.max_bin, seed: opts.seed, signal: opts.signal });
  const binned = await applyBins(data, n, cols, mapper, opts.signal);
  const K = y.task === 'regression' ? 0 : y.task === 'binary' ? 2 : y.nClasses;
  const grower = new ForestGrower(binned, mapper, { K, y: y.y }, {
    maxFeatures: featureCount(p.max_features, cols),
    minSamplesLeaf: p.min_samples_leaf,
    minSamplesSplit: p.min_samples_split,
    maxDepth: p.max_depth,
    extra,
    medianLeaves: p.loss === 'l1',
  });
  const rng = createRng(opts.seed);
  const sw = opts.sampleWeight;
  const w = new Float64Array(n);
  const trees: Tree[] = [];
  const pacer = new Pacer(opts.signal);
  let stoppedByTime = false;
  for (let t = 0; t < p.n_estimators; t++) {
    if (t > 0 && opts.stopBy !== undefined && Date.now() >= opts.stopBy) {
      stoppedByTime = true;
      break;
    }
    throwIfAborted(opts.signal, `${name} fit`);
    const treeRng = rng.fork();
    if (p.bootstrap) {
      w.fill(0);
      for (let i = 0; i < n; i++) w[treeRng.int(n)] += 1;
      if (sw) for (let i = 0; i < n; i++) w[i] *= sw[i];
    } else {
      for (let i = 0; i < n; i++) w[i] = sw ? sw[i] : 1;
    }
    trees.push(await grower.grow(w, treeRng, opts.signal));
    await pacer.tick();
  }
  throwIfAborted(opts.signal, `${name} fit`);
  return new ForestModel({
    learner: name,
    task: y.task,
    nClasses: y.task === 'regression' ? 1 : y.nClasses,
    nFeatures: cols,
    trees,
    info: { max_features_used: featureCount(p.max_features, cols), ...(stoppedByTime ? { stopped_by_time: 1 } : {}) },
  });
}

/**
 * Fully grown trees have about 2 * rows nodes, each holding one value per class: bound the number
 * of trees so a forest stays near MAX_FOREST_VALUES stored values (saved, exported and loaded
 * whole; letter's 26 classes would otherwise reach gigabytes and break JSON and ONNX export).
 */
const MAX_FOREST_VALUES = 3e7;
function maxTrees(shape: DataShape): number {
  const perTree = 2 * Math.max(1, shape.rows) * (shape.task === 'regression' ? 1 : Math.max(2, shape.nClasses));
  return Math.max(16, Math.min(2048, shape.rows, Math.floor(MAX_FOREST_VALUES / perTree)));
}

function forestSpace(shape: DataShape): SearchSpace {
  const sqrtFrac = Math.min(1, Math.max(1, Math.floor(Math.sqrt(shape.cols))) / Math.max(1, shape.cols));
  const mf = shape.task === 'regression' ? 1 : Number(sqrtFrac.toFixed(4));
  return {
    params: {
      n_estimators: { type: 'int', low: 4, high: maxTrees(shape), log: true },
      max_features: { type: 'float', low: 0.1, high: 1.0 },
      min_samples_leaf: { type: 'int', low: 1, high: 32, log: true },
    },
    init: { n_estimators: 4, max_features: mf, min_samples_leaf: 1 },
    default: { n_estimators: Math.min(100, maxTrees(shape)), max_features: mf, min_samples_leaf: 1 },
    // fit time is about linear in the number of trees
    defaultCostRatio: Math.min(100, maxTrees(shape)) / 4,
  };
}

function makeForestLearner(name: string, extra: boolean, description: string): Learner {
  return {
    name,
    description,
    tasks: ['binary', 'multiclass', 'regression'],
    view: 'tree',
    input: 'dense',
    space: forestSpace,
    fit: (X, y, params, opts) => fitForest(name, extra, X, y, params, opts),
    load: (saved) => ForestModel.load(saved, name),
  };
}

export const randomForestLearner = makeForestLearner(
  'random_forest',
  false,
  'Random forest (bootstrapped trees, best split among a random feature subset): robust, little tuning, good on small and noisy data.',
);

export const extraTreesLearner = makeForestLearner(
  'extra_trees',
  true,
  'Extremely randomised trees (random split points, no bootstrap): fast, low variance, strong on small noisy data.',
);

registerLearner(randomForestLearner);
registerLearner(extraTreesLearner);

/**
 * One decision tree (CART-style on binned data): the readable model for "要可解释的模型". It is
 * a forest of one tree without bootstrap that tries every feature at each split; depth and
 * leaf size are what the search tunes.
 */
export const decisionTreeLearner: Learner = {
  name: 'decision_tree',
  description: 'A single decision tree with limited depth: easy to read and explain, weaker than ensembles.',
  tasks: ['binary', 'multiclass', 'regression'],
  view: 'tree',
  input: 'dense',
  onRequest: true,
  space: (shape: DataShape): SearchSpace => ({
    params: {
      max_depth: { type: 'int', low: 1, high: 16 },
      min_samples_leaf: { type: 'int', low: 1, high: Math.max(2, Math.min(128, Math.floor(shape.rows / 4))), log: true },
    },
    init: { max_depth: 3, min_samples_leaf: 1 },
    default: { max_depth: 6, min_samples_leaf: 1 },
  }),
  fit: (X, y, params, opts) =>
    fitForest('decision_tree', false, X, y, { ...params, n_estimators: 1, bootstrap: false, max_features: 1 }, opts),
  load: (saved) => ForestModel.load(saved, 'decision_tree'),
};

registerLearner(decisionTreeLearner);
