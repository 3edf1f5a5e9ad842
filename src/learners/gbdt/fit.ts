/**
 * The boosting loop: bin the data, then per iteration compute gradients, draw the bag and the
 * feature subset (seeded), grow one tree per output, update scores, and track the eval loss for
 * early stopping (the model keeps trees up to the best iteration).
 */
import { AskmlError, throwIfAborted } from '../../errors.js';
import { createRng } from '../../util/random.js';
import { Pacer, applyBins, denseData, fitBins } from '../tree/binning.js';
import { TreeBuilder, leafOf, leafOfBinned } from '../tree/tree.js';
import type { Tree } from '../tree/tree.js';
import type { FitOptions, Matrix, Params, Target } from '../types.js';
import { HistGrower } from './grow.js';
import { weightedMedian } from '../../util/order-stats.js';
import { evalLoss, gradients, initScore, softmaxRows } from './loss.js';
import type { LossSpec } from './loss.js';
import { GbdtModel } from './model.js';
import { parseGbdtParams } from './params.js';

export function checkTarget(X: Matrix, y: Target, w: Float64Array | undefined, who: string): void {
  if (y.y.length !== X.rows) {
    throw new AskmlError('BAD_ARGUMENT', `${who}: X has ${X.rows} rows but y has ${y.y.length}.`);
  }
  if (X.rows < 2) throw new AskmlError('TOO_SMALL', `${who} needs at least 2 rows, got ${X.rows}.`);
  if (w && w.length !== X.rows) {
    throw new AskmlError('BAD_ARGUMENT', `${who}: sampleWeight has ${w.length} values for ${X.rows} rows.`);
  }
  if (y.task !== 'regression') {
    const C = y.task === 'binary' ? 2 : y.nClasses;
    for (let i = 0; i < y.y.length; i++) {
      const c = y.y[i];
      if (!(c >= 0 && c < C && Number.isInteger(c))) {
        throw new AskmlError('BAD_TARGET', `${who}: class index ${c} at row ${i} is outside 0..${C - 1}.`);
      }
    }
  } else {
    for (let i = 0; i < y.y.length; i++) {
      if (!Number.isFinite(y.y[i])) throw new AskmlError('BAD_TARGET', `${who}: target at row ${i} is ${y.y[i]}.`);
    }
  }
}

export async function fitGbdt(X: Matrix, y: Target, params: Params, opts: FitOptions): Promise<GbdtModel> {
  const p = parseGbdtParams(params);
  const w = opts.sampleWeight;
  checkTarget(X, y, w, 'gbdt');
  throwIfAborted(opts.signal, 'gbdt fit');
  const n = X.rows;
  const cols = X.cols;
  const task = y.task;
  const K = task === 'multiclass' ? y.nClasses : 1;
  const spec: LossSpec = { task, K, regression: p.loss, huberDelta: p.huber_delta };
  const rng = createRng(opts.seed);
  const data = denseData(X);
  const mapper = await fitBins(data, n, cols, { maxBins: p.max_bin, seed: opts.seed, signal: opts.signal });
  const binned = await applyBins(data, n, cols, mapper, opts.signal);
  const pacer = new Pacer(opts.signal);
  await pacer.tick();

  const base = initScore(spec, y.y, w);
  const scores = new Float64Array(n * K);
  for (let r = 0; r < n; r++) for (let k = 0; k < K; k++) scores[r * K + k] = base[k];
  const probs = K > 1 ? new Float64Array(n * K) : null;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const kScores = K > 1 ? null : scores;

  // Eval set for early stopping.
  const es = opts.evalSet;
  const esRounds = opts.earlyStoppingRounds ?? 0;
  let evData: Float64Array | Float32Array | null = null;
  let evScores: Float64Array | null = null;
  if (es) {
    if (es.X.cols !== cols) {
      throw new AskmlError('SCHEMA_MISMATCH', `evalSet has ${es.X.cols} features, training data has ${cols}.`);
    }
    evData = denseData(es.X);
    evScores = new Float64Array(es.X.rows * K);
    for (let r = 0; r < es.X.rows; r++) for (let k = 0; k < K; k++) evScores[r * K + k] = base[k];
  }
  let bestLoss = Infinity;
  let bestIter = 0;

  const grower = new HistGrower(binned, mapper, {
    numLeaves: p.num_leaves,
    maxDepth: p.max_depth,
    minChildSamples: p.min_child_samples,
    minChildWeight: p.min_child_weight,
    minSplitGain: p.min_split_gain,
    lambda: p.reg_lambda,
    learningRate: p.learning_rate,
  });
  const bagging = p.subsample < 1;
  const bag = bagging ? new Int32Array(n) : null;
  const nFeatUse = Math.max(1, Math.round(p.colsample_bytree * cols));
  const allFeats = new Int32Array(cols);
  for (let f = 0; f < cols; f++) allFeats[f] = f;
  const kScore = new Float64Array(K > 1 ? n : 0);
  // Absolute error: sign gradients give every leaf a step of at most one target unit, whatever
  // the target's scale. As LightGBM does, each leaf's value becomes the (weighted) median
  // residual of its rows instead.
  const renewal = task === 'regression' && spec.regression === 'l1' ? { r: new Float64Array(n), w: w ? new Float64Array(n) : null } : null;
  const trees: Tree[] = [];
  let iterations = 0;
  let stoppedByTime = false;

  for (let it = 0; it < p.n_estimators; it++) {
    let nBag = n;
    if (bag) {
      nBag = 0;
      for (let r = 0; r < n; r++) if (rng.next() < p.subsample) bag[nBag++] = r;
      if (nBag < 2) {
        nBag = 0;
        for (let r = 0; r < n; r++) bag[nBag++] = r;
      }
    }
    let feats = allFeats;
    if (nFeatUse < cols) {
      const perm = allFeats.slice();
      for (let i = 0; i < nFeatUse; i++) {
        const j = i + rng.int(cols - i);
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      feats = perm.slice(0, nFeatUse).sort();
    }
    if (probs) softmaxRows(scores, probs, n, K);
    for (let k = 0; k < K; k++) {
      await pacer.tick();
      throwIfAborted(opts.signal, 'gbdt fit');
      let s = kScores;
      if (!s) {
        column(scores, K, k, kScore);
        s = kScore;
      }
      gradients(spec, k, y.y, s, probs, w, grad, hess);
      const tb = new TreeBuilder(1, Math.min(2 * p.num_leaves, 1024));
      grower.grow(grad, hess, bag, nBag, feats, tb);
      if (renewal) renewLeaves(grower, tb, y.y, s, w, p.learning_rate, renewal);
      // Update training scores.
      if (!bagging) {
        // Rows are partitioned by leaf: add each leaf's value over its index range.
        for (let l = 0; l < grower.nLeaves; l++) {
          addAt(scores, K, k, grower.idx, grower.leafStart[l], grower.leafEnd[l], tb.value[grower.leafNode[l]]);
        }
      } else {
        const mb = mapper.nBins;
        for (let r = 0; r < n; r++) scores[r * K + k] += tb.value[leafOfBinned(tb, binned, mb, r)];
      }
      const tree = tb.finish();
      trees.push(tree);
      if (evData && evScores) {
        const ne = es!.X.rows;
        for (let r = 0; r < ne; r++) evScores[r * K + k] += tree.value[leafOf(tree, evData, cols, r)];
      }
    }
    iterations = it + 1;
    if (evScores) {
      const loss = evalLoss(spec, es!.y.y, evScores);
      // (bestLoss starts at Infinity: Infinity - 1e-12 * Infinity is NaN, so test the first round apart.)
      if (bestIter === 0 || loss < bestLoss - 1e-12 * Math.abs(bestLoss)) {
        bestLoss = loss;
        bestIter = iterations;
      } else if (esRounds > 0 && iterations - bestIter >= esRounds) {
        break;
      }
    } else {
      bestIter = iterations;
    }
    if (opts.stopBy !== undefined && it + 1 < p.n_estimators && Date.now() >= opts.stopBy) {
      stoppedByTime = true;
      break;
    }
  }
  throwIfAborted(opts.signal, 'gbdt fit');
  const keep = evScores && esRounds > 0 ? bestIter : iterations;
  return new GbdtModel({
    task,
    nClasses: task === 'regression' ? 1 : y.nClasses,
    nFeatures: cols,
    K,
    base,
    trees: trees.slice(0, keep * K),
    bestIteration: evScores ? bestIter : iterations,
    iterations,
    info: { ...(evScores ? { best_eval_loss: bestLoss } : {}), ...(stoppedByTime ? { stopped_by_time: 1 } : {}) },
  });
}

/**
 * Set each leaf of the tree just grown to the learning rate times the weighted median residual
 * (y - score) of the rows the tree was grown on, in that leaf. `buf` is scratch space of n values:
 * the residuals, and their weights when there are sample weights.
 */
function renewLeaves(
  grower: HistGrower,
  tb: TreeBuilder,
  y: Float64Array,
  scores: Float64Array,
  w: Float64Array | undefined,
  rate: number,
  buf: { r: Float64Array; w: Float64Array | null },
): void {
  for (let l = 0; l < grower.nLeaves; l++) {
    const start = grower.leafStart[l];
    const end = grower.leafEnd[l];
    if (end <= start) continue;
    const rows = grower.idx.subarray(start, end);
    const r = buf.r.subarray(0, rows.length);
    for (let i = 0; i < rows.length; i++) r[i] = y[rows[i]] - scores[rows[i]];
    let rw: Float64Array | undefined;
    if (w && buf.w) {
      rw = buf.w.subarray(0, rows.length);
      for (let i = 0; i < rows.length; i++) rw[i] = w[rows[i]];
    }
    tb.value[grower.leafNode[l]] = rate * weightedMedian(r, rw);
  }
}

/** scores[idx[i] * K + k] += v for i in [start, end). */
function addAt(scores: Float64Array, K: number, k: number, idx: Int32Array, start: number, end: number, v: number): void {
  for (let i = start; i < end; i++) scores[idx[i] * K + k] += v;
}

/** out[r] = scores[r * K + k]. */
function column(scores: Float64Array, K: number, k: number, out: Float64Array): void {
  const n = out.length;
  for (let r = 0; r < n; r++) out[r] = scores[r * K + k];
}
