/**
 * Ridge regression: minimise Σ_i s_i (y_i - x_i·w - b)² + alpha·||w||² (scikit-learn's Ridge;
 * the intercept b is not penalised). Two solvers over the augmented unknown [w, b]:
 *  - dense with at most 1500 columns: normal equations + Cholesky (exact, one pass over X);
 *  - otherwise (CSR or wide dense): Jacobi-preconditioned conjugate gradients on the same
 *    system, using only X·v and Xᵀ·v, so 100k sparse columns are fine.
 * `linear_regression` is the same model with alpha = 0 (plus a tiny jitter for stability).
 */
import { AskmlError } from '../../errors.js';
import type { Learner, Matrix, Params, SearchSpace, Target } from '../types.js';
import { registerLearner } from '../registry.js';
import { matTvec, matvec } from '../sparse.js';
import { checkSampleWeight, checkTarget, makeTicker, numParam } from './fit-utils.js';
import { LinearModel } from './linear-model.js';
import { cholesky, choleskySolve } from '../../util/linalg.js';

export const RIDGE = 'ridge';
export const LINEAR_REGRESSION = 'linear_regression';
const DENSE_LIMIT = 1500;

async function solveDense(X: Matrix & { kind: 'dense' }, y: Float64Array, sw: Float64Array, alpha: number, tick: () => Promise<void>) {
  const { rows: n, cols: d, data } = X;
  const m = d + 1;
  const A = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  const row = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    if ((i & 1023) === 1023) await tick();
    for (let j = 0; j < d; j++) row[j] = data[i * d + j];
    row[d] = 1;
    const s = sw[i];
    for (let a = 0; a < m; a++) {
      const v = s * row[a];
      if (v === 0) continue;
      rhs[a] += v * y[i];
      for (let b = 0; b <= a; b++) A[a * m + b] += v * row[b];
    }
  }
  let trace = 0;
  for (let j = 0; j < d; j++) trace += A[j * m + j];
  const jitter = 1e-10 * (trace / Math.max(1, d) + 1);
  for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) A[b * m + a] = A[a * m + b];
  for (let j = 0; j < d; j++) A[j * m + j] += alpha + jitter;
  A[d * m + d] += jitter;
  await tick();
  if (!cholesky(A, m)) {
    throw new AskmlError('BAD_ARGUMENT', 'Ridge normal equations are not positive definite (constant or duplicated features with alpha 0).', {
      hint: 'Use ridge with alpha > 0.',
    });
  }
  return choleskySolve(A, m, rhs);
}

async function solveCg(X: Matrix, y: Float64Array, sw: Float64Array, alpha: number, tick: () => Promise<void>) {
  const n = X.rows;
  const d = X.cols;
  const m = d + 1;
  // Operator A v = [Xᵀ S (X w + b) + alpha w ; Σ s (X w + b)].
  const Xv = new Float64Array(n);
  const tmp = new Float64Array(d);
  const apply = (v: Float64Array, out: Float64Array) => {
    matvec(X, v, v[d], Xv);
    for (let i = 0; i < n; i++) Xv[i] *= sw[i];
    matTvec(X, Xv, tmp);
    let sb = 0;
    for (let i = 0; i < n; i++) sb += Xv[i];
    for (let j = 0; j < d; j++) out[j] = tmp[j] + alpha * v[j];
    out[d] = sb;
  };
  await tick();
  const sy = new Float64Array(n);
  for (let i = 0; i < n; i++) sy[i] = sw[i] * y[i];
  const b = new Float64Array(m);
  b.set(matTvec(X, sy, tmp));
  b[d] = sy.reduce((s, v) => s + v, 0);
  // Jacobi preconditioner: diag of the operator.
  const diag = new Float64Array(m);
  if (X.kind === 'csr') {
    for (let i = 0; i < n; i++) for (let p = X.indptr[i]; p < X.indptr[i + 1]; p++) diag[X.indices[p]] += sw[i] * X.data[p] * X.data[p];
  } else {
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) diag[j] += sw[i] * X.data[i * d + j] ** 2;
  }
  await tick();
  for (let j = 0; j < d; j++) diag[j] += alpha;
  diag[d] = sw.reduce((s, v) => s + v, 0);
  for (let j = 0; j < m; j++) if (!(diag[j] > 0)) diag[j] = 1;
  const x = new Float64Array(m);
  const r = Float64Array.from(b);
  const z = new Float64Array(m);
  const p = new Float64Array(m);
  const Ap = new Float64Array(m);
  for (let j = 0; j < m; j++) p[j] = z[j] = r[j] / diag[j];
  let rz = dot(r, z);
  const bNorm = Math.sqrt(dot(b, b)) || 1;
  let it = 0;
  for (; it < 5 * m + 100 && it < 5000; it++) {
    await tick();
    if (Math.sqrt(dot(r, r)) <= 1e-10 * bNorm) break;
    apply(p, Ap);
    const pAp = dot(p, Ap);
    if (!(pAp > 0)) break;
    const a = rz / pAp;
    for (let j = 0; j < m; j++) {
      x[j] += a * p[j];
      r[j] -= a * Ap[j];
      z[j] = r[j] / diag[j];
    }
    const rzNew = dot(r, z);
    const beta = rzNew / rz;
    rz = rzNew;
    for (let j = 0; j < m; j++) p[j] = z[j] + beta * p[j];
  }
  return x;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

async function fitRidge(name: string, X: Matrix, y: Target, alpha: number, sampleWeight: Float64Array | undefined, signal?: AbortSignal) {
  const tick = makeTicker(signal, `${name} fit`);
  await tick();
  checkTarget(X, y, name);
  if (y.task !== 'regression') throw new AskmlError('BAD_TARGET', `${name} is for regression; the target is ${y.task}.`);
  checkSampleWeight(sampleWeight, X.rows);
  const sw = sampleWeight ? Float64Array.from(sampleWeight) : new Float64Array(X.rows).fill(1);
  const dense = X.kind === 'dense' && X.cols <= DENSE_LIMIT;
  const sol = dense ? await solveDense(X as Matrix & { kind: 'dense' }, y.y, sw, alpha, tick) : await solveCg(X, y.y, sw, alpha, tick);
  const d = X.cols;
  return new LinearModel({
    learner: name,
    task: 'regression',
    nClasses: 1,
    nFeatures: d,
    nOutputs: 1,
    coef: Float64Array.from(sol.subarray(0, d)),
    intercept: Float64Array.of(sol[d]),
    post: 'none',
    info: { solver: dense ? 'cholesky' : 'cg' },
  });
}

export const ridge: Learner = {
  name: RIDGE,
  description: 'Ridge regression (L2-penalised least squares): exact Cholesky on dense data, conjugate gradients on sparse; a fast, strong baseline.',
  tasks: ['regression'],
  view: 'linear',
  input: 'both',
  space(): SearchSpace {
    return {
      params: { alpha: { type: 'float', low: 1e-4, high: 1e4, log: true } },
      init: { alpha: 1 },
      default: { alpha: 1 },
    };
  },
  fit: (X, y, params: Params, opts) => fitRidge(RIDGE, X, y, numParam(params, 'alpha', 1, 0, 1e12), opts.sampleWeight, opts.signal),
  load: (saved) => LinearModel.fromJSON(saved),
};

export const linearRegression: Learner = {
  name: LINEAR_REGRESSION,
  description: 'Ordinary least squares (no penalty); fine when rows far outnumber features.',
  tasks: ['regression'],
  view: 'linear',
  input: 'both',
  space: (): SearchSpace => ({ params: {}, init: {}, default: {} }),
  fit: (X, y, _params: Params, opts) => fitRidge(LINEAR_REGRESSION, X, y, 0, opts.sampleWeight, opts.signal),
  load: (saved) => LinearModel.fromJSON(saved),
};

registerLearner(ridge);
registerLearner(linearRegression);
