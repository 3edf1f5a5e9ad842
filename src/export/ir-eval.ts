/**
 * Reference evaluator for the export IR: what an ONNX graph built from the IR must compute.
 * Used by tests to check `toExportIR()` against the model's own predict / predictProba, and by
 * the exporter's parity checks. Plain float64 arithmetic except the tree split rule, which
 * compares in float32 as the IR specifies.
 */
import { AskmlError } from '../errors.js';
import { argmaxRows } from '../evaluate/metrics.js';
import { expClipped } from '../learners/log-target.js';
import type { LinearIR, ModelIR, PostTransform, TreeEnsembleIR } from './ir.js';

export interface IrOutput {
  /**
   * Raw outputs, rows x nOutputs, before the post transform (linear and trees). For an ensemble:
   * the weighted average of member probabilities (rows x nClasses), or of member predictions
   * for regression (rows x 1).
   */
  scores: Float64Array;
  nOutputs: number;
  /** rows x nClasses class probabilities; absent for regression. */
  proba?: Float64Array;
  /** Class index (classification) or value (regression) per row. */
  prediction: Float64Array;
}

/** Evaluates `ir` on X, a row-major rows x ir.nFeatures Float64Array (NaN = missing). */
export function evalIR(ir: ModelIR, X: Float64Array): IrOutput {
  if (X.length % Math.max(1, ir.nFeatures) !== 0) {
    throw new AskmlError('BAD_ARGUMENT', `evalIR: ${X.length} values is not a whole number of rows of ${ir.nFeatures} features.`);
  }
  const rows = ir.nFeatures === 0 ? 0 : X.length / ir.nFeatures;
  if (ir.kind === 'ensemble') return evalEnsemble(ir, X, rows);
  if (ir.kind === 'log_target') {
    // Raw scores are the inner model's (log scale); the prediction is exp of them, clipped.
    const inner = evalIR(ir.inner, X);
    const p = expClipped(Float64Array.from(inner.prediction), ir);
    return { scores: inner.scores, nOutputs: 1, prediction: p };
  }
  const scores = ir.kind === 'linear' ? linearScores(ir, X, rows) : treeScores(ir, X, rows);
  return finish(ir.task, ir.nOutputs, ir.nClasses, ir.post, scores, rows);
}

function linearScores(ir: LinearIR, X: Float64Array, rows: number): Float64Array {
  const { nFeatures: d, nOutputs: k, coef, intercept } = ir;
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < k; c++) {
      let s = intercept[c];
      for (let j = 0; j < d; j++) s += X[i * d + j] * coef[c * d + j];
      out[i * k + c] = s;
    }
  }
  return out;
}

function treeScores(ir: TreeEnsembleIR, X: Float64Array, rows: number): Float64Array {
  const { nFeatures: d, nOutputs: k, trees, treeOutput, base, aggregate } = ir;
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < trees.length; t++) {
      const tr = trees[t];
      let node = 0;
      while (tr.left[node] >= 0) {
        const x = X[i * d + tr.feature[node]];
        const goLeft = Number.isNaN(x) ? tr.missingLeft[node] === 1 : Math.fround(x) <= Math.fround(tr.threshold[node]);
        node = goLeft ? tr.left[node] : tr.right[node];
      }
      if (tr.nOutputs === 1 && k > 1) {
        const o = treeOutput ? treeOutput[t] : 0;
        out[i * k + o] += tr.value[node];
      } else {
        for (let c = 0; c < k; c++) out[i * k + c] += tr.value[node * tr.nOutputs + c];
      }
    }
    if (aggregate === 'average' && trees.length > 0) for (let c = 0; c < k; c++) out[i * k + c] /= trees.length;
    for (let c = 0; c < k; c++) out[i * k + c] += base[c] ?? 0;
  }
  return out;
}

/** Applies the post transform: probabilities for classification, the value for regression. */
function finish(task: ModelIR['task'], k: number, nClasses: number, post: PostTransform, scores: Float64Array, rows: number): IrOutput {
  if (task === 'regression') {
    const prediction = new Float64Array(rows);
    for (let i = 0; i < rows; i++) prediction[i] = scores[i * k];
    return { scores, nOutputs: k, prediction };
  }
  const proba = new Float64Array(rows * nClasses);
  for (let i = 0; i < rows; i++) {
    if (k === 1) {
      const p1 = applyScalar(post, scores[i]);
      proba[i * 2] = 1 - p1;
      proba[i * 2 + 1] = p1;
    } else {
      const row = proba.subarray(i * nClasses, (i + 1) * nClasses);
      row.set(scores.subarray(i * k, i * k + nClasses));
      applyVector(post, row);
    }
  }
  return { scores, nOutputs: k, proba, prediction: argmaxRows(proba, nClasses) };
}

function applyScalar(post: PostTransform, z: number): number {
  if (post === 'logistic') return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  if (post === 'softmax') {
    throw new AskmlError('BAD_ARGUMENT', "evalIR: post 'softmax' needs nOutputs >= 2 (binary with one output uses 'logistic').");
  }
  return z; // 'none' / 'normalize' of one value: the score already is p1
}

function applyVector(post: PostTransform, v: Float64Array): void {
  if (post === 'softmax') {
    let m = -Infinity;
    for (let c = 0; c < v.length; c++) if (v[c] > m) m = v[c];
    let z = 0;
    for (let c = 0; c < v.length; c++) z += v[c] = Math.exp(v[c] - m);
    for (let c = 0; c < v.length; c++) v[c] /= z;
  } else if (post === 'logistic') {
    for (let c = 0; c < v.length; c++) v[c] = applyScalar('logistic', v[c]);
  } else if (post === 'normalize') {
    let z = 0;
    for (let c = 0; c < v.length; c++) z += v[c];
    if (z > 0) for (let c = 0; c < v.length; c++) v[c] /= z;
  }
}

function evalEnsemble(ir: ModelIR & { kind: 'ensemble' }, X: Float64Array, rows: number): IrOutput {
  const reg = ir.task === 'regression';
  const k = reg ? 1 : ir.nClasses;
  const scores = new Float64Array(rows * k);
  let wSum = 0;
  for (const m of ir.members) {
    const o = evalIR(m.model, X);
    const part = reg ? o.prediction : o.proba!;
    for (let t = 0; t < scores.length; t++) scores[t] += m.weight * part[t];
    wSum += m.weight;
  }
  if (wSum > 0) for (let t = 0; t < scores.length; t++) scores[t] /= wSum;
  if (reg) return { scores, nOutputs: 1, prediction: Float64Array.from(scores) };
  return { scores, nOutputs: k, proba: Float64Array.from(scores), prediction: argmaxRows(scores, k) };
}
