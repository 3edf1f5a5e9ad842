/**
 * Naive Bayes for non-negative counts / TF-IDF (scikit-learn's MultinomialNB and ComplementNB).
 *
 *   multinomial: θ_cj = (N_cj + α) / (N_c + α·d), score_c(x) = x·log θ_c + log prior_c
 *   complement:  θ̃_cj = (N̄_cj + α) / (N̄_c + α·d) from all classes but c,
 *                score_c(x) = -x·log θ̃_c   (no prior, as in scikit-learn with 2+ classes)
 * with N_cj the (sample-weighted) sum of feature j over rows of class c. Both are linear in x, so
 * the fitted model is a LinearModel (softmax over the scores; binary folds to one logistic score)
 * and exports as LinearIR.
 */
import { AskmlError } from '../../errors.js';
import { registerLearner } from '../registry.js';
import { minValue } from '../sparse.js';
import type { DataShape, Learner, Matrix, Params, SearchSpace, Target } from '../types.js';
import { checkSampleWeight, checkTarget, choiceParam, makeTicker, numParam } from '../linear/fit-utils.js';
import { foldBinary, LinearModel } from '../linear/linear-model.js';

export const NAIVE_BAYES = 'naive_bayes';

/** Sample-weighted per-class feature sums (k x d) and class weights (k). */
function classSums(X: Matrix, cls: Int32Array, k: number, sw?: Float64Array): { N: Float64Array; prior: Float64Array } {
  const d = X.cols;
  const N = new Float64Array(k * d);
  const prior = new Float64Array(k);
  for (let i = 0; i < X.rows; i++) {
    const s = sw ? sw[i] : 1;
    const o = cls[i] * d;
    prior[cls[i]] += s;
    if (X.kind === 'csr') {
      for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) N[o + X.indices[p]] += s * X.data[p];
    } else {
      for (let j = 0; j < d; j++) N[o + j] += s * X.data[i * d + j];
    }
  }
  return { N, prior };
}

export const naiveBayes: Learner = {
  name: NAIVE_BAYES,
  description:
    'Multinomial / complement naive Bayes for non-negative word or n-gram counts and TF-IDF; fits in one pass, a strong fast text baseline.',
  tasks: ['binary', 'multiclass'],
  view: 'linear',
  input: 'sparse',
  suitable: (shape: DataShape) => shape.sparse,
  space(): SearchSpace {
    return {
      params: {
        variant: { type: 'choice', values: ['complement', 'multinomial'] },
        alpha: { type: 'float', low: 1e-3, high: 10, log: true },
      },
      init: { variant: 'complement', alpha: 1 },
      default: { variant: 'complement', alpha: 0.3 },
    };
  },
  async fit(X: Matrix, y: Target, params: Params, opts) {
    const tick = makeTicker(opts.signal, `${NAIVE_BAYES} fit`);
    await tick();
    const cls = checkTarget(X, y, NAIVE_BAYES);
    const variant = choiceParam(params, 'variant', ['complement', 'multinomial'] as const, 'complement');
    const alpha = numParam(params, 'alpha', 1, 1e-10, 1e6);
    const lo = minValue(X);
    if (lo < 0) {
      throw new AskmlError('BAD_ARGUMENT', `naive_bayes needs non-negative features (counts or TF-IDF); found the value ${lo}.`, {
        hint: 'Use it on text features only, or choose logistic_regression / linear_svm.',
      });
    }
    checkSampleWeight(opts.sampleWeight, X.rows);
    const k = y.nClasses;
    const d = X.cols;
    const { N, prior } = classSums(X, cls, k, opts.sampleWeight);
    await tick();
    const coef = new Float64Array(k * d);
    const intercept = new Float64Array(k);
    let total = 0;
    for (let c = 0; c < k; c++) total += prior[c];
    if (variant === 'multinomial') {
      for (let c = 0; c < k; c++) {
        let sum = 0;
        for (let j = 0; j < d; j++) sum += N[c * d + j] + alpha;
        const logSum = Math.log(sum);
        for (let j = 0; j < d; j++) coef[c * d + j] = Math.log(N[c * d + j] + alpha) - logSum;
        // Classes absent from training get a very small prior instead of -Infinity.
        intercept[c] = Math.log(Math.max(prior[c], 1e-12 * total) / total);
      }
    } else {
      const all = new Float64Array(d);
      for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) all[j] += N[c * d + j];
      for (let c = 0; c < k; c++) {
        let sum = 0;
        for (let j = 0; j < d; j++) sum += all[j] - N[c * d + j] + alpha;
        const logSum = Math.log(sum);
        for (let j = 0; j < d; j++) coef[c * d + j] = logSum - Math.log(all[j] - N[c * d + j] + alpha);
      }
    }
    // Subtracting a per-feature constant from every class leaves softmax unchanged; centring makes
    // |coef| (feature importance) measure how much a feature separates classes, not its rarity.
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let c = 0; c < k; c++) m += coef[c * d + j];
      m /= k;
      for (let c = 0; c < k; c++) coef[c * d + j] -= m;
    }
    const binary = k === 2;
    const folded = binary ? foldBinary(coef, intercept, d) : { coef, intercept };
    return new LinearModel({
      learner: NAIVE_BAYES,
      task: y.task,
      nClasses: k,
      nFeatures: d,
      nOutputs: binary ? 1 : k,
      coef: folded.coef,
      intercept: folded.intercept,
      post: binary ? 'logistic' : 'softmax',
      info: { variant },
    });
  },
  load: (saved) => LinearModel.fromJSON(saved),
};

registerLearner(naiveBayes);
