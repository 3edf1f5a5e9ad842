/**
 * A tiny reference interpreter for TreeEnsembleIR, written straight from the IR's documented
 * semantics (float32 comparisons, NaN -> missingLeft, sum/average, base, post). Tests use it to
 * check that a model's toExportIR() means exactly what its predictProba / predict computes.
 */
import type { TreeEnsembleIR } from '../../export/ir.js';

/**
 * Returns row-major probabilities (rows x nClasses) for classification, predictions (rows)
 * for regression.
 */
export function evalTreeIR(ir: TreeEnsembleIR, data: Float64Array | Float32Array, rows: number): Float64Array {
  const F = ir.nFeatures;
  const O = ir.nOutputs;
  const scores = new Float64Array(rows * O);
  for (let t = 0; t < ir.trees.length; t++) {
    const tr = ir.trees[t];
    const single = tr.nOutputs === 1 && O > 1;
    const target = single ? (ir.treeOutput ? ir.treeOutput[t] : 0) : 0;
    for (let r = 0; r < rows; r++) {
      let node = 0;
      while (tr.left[node] >= 0) {
        const x = Math.fround(data[r * F + tr.feature[node]]);
        const goLeft = x !== x ? tr.missingLeft[node] === 1 : x <= Math.fround(tr.threshold[node]);
        node = goLeft ? tr.left[node] : tr.right[node];
      }
      if (single) scores[r * O + target] += tr.value[node];
      else for (let k = 0; k < O; k++) scores[r * O + k] += tr.value[node * tr.nOutputs + k];
    }
  }
  const div = ir.aggregate === 'average' ? Math.max(1, ir.trees.length) : 1;
  for (let r = 0; r < rows; r++) for (let k = 0; k < O; k++) scores[r * O + k] = scores[r * O + k] / div + ir.base[k];
  if (ir.task === 'regression') return scores;
  const C = ir.nClasses;
  const out = new Float64Array(rows * C);
  for (let r = 0; r < rows; r++) {
    if (O === 1) {
      const s = scores[r];
      const p = ir.post === 'logistic' ? 1 / (1 + Math.exp(-s)) : s;
      out[r * C] = 1 - p;
      out[r * C + 1] = p;
      continue;
    }
    const o = r * O;
    if (ir.post === 'softmax') {
      let m = -Infinity;
      for (let k = 0; k < O; k++) m = Math.max(m, scores[o + k]);
      let s = 0;
      for (let k = 0; k < O; k++) s += Math.exp(scores[o + k] - m);
      for (let k = 0; k < O; k++) out[o + k] = Math.exp(scores[o + k] - m) / s;
    } else if (ir.post === 'normalize') {
      let s = 0;
      for (let k = 0; k < O; k++) s += scores[o + k];
      for (let k = 0; k < O; k++) out[o + k] = scores[o + k] / s;
    } else if (ir.post === 'logistic') {
      for (let k = 0; k < O; k++) out[o + k] = 1 / (1 + Math.exp(-scores[o + k]));
    } else {
      for (let k = 0; k < O; k++) out[o + k] = scores[o + k];
    }
  }
  return out;
}
