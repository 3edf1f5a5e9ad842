/**
 * A compact L-BFGS minimiser (Nocedal & Wright, Algorithm 7.4 two-loop recursion) with a
 * backtracking Armijo line search. Enough for smooth convex losses (logistic, softmax, ridge):
 * pairs with non-positive curvature are skipped, so the search direction stays a descent one.
 */
export interface LbfgsOptions {
  /** Maximum iterations (gradient evaluations are about 1.1x this). */
  maxIter?: number;
  /** History size (4: on sparse softmax problems it needed no more iterations than 10, at less cost). */
  memory?: number;
  /** Stop when max|g| <= gtol * max(1, max|g0|). */
  gtol?: number;
  /** Stop when the relative decrease of f in one step is below ftol. */
  ftol?: number;
  /** Called once per iteration; may throw (abort) and yields to the event loop. */
  tick?: () => Promise<void>;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

/** `fg(x, g)` returns f(x) and writes ∇f(x) into g. `x0` is not modified. */
export async function minimizeLbfgs(
  fg: (x: Float64Array, g: Float64Array) => number,
  x0: Float64Array,
  opts: LbfgsOptions = {},
): Promise<LbfgsResult> {
  const { maxIter = 500, memory = 4, gtol = 1e-5, ftol = 1e-10, tick } = opts;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const d = new Float64Array(n);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  let f = fg(x, g);
  const g0 = Math.max(1, infNorm(g));
  let it = 0;
  let converged = infNorm(g) <= gtol * g0;
  while (!converged && it < maxIter) {
    if (tick) await tick();
    it++;
    // Two-loop recursion: d = -H g.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      alpha[j] = rho[j] * dot(S[j], d);
      axpy(-alpha[j], Y[j], d);
    }
    if (k > 0) {
      const gamma = dot(S[k - 1], Y[k - 1]) / dot(Y[k - 1], Y[k - 1]);
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let j = 0; j < k; j++) {
      const beta = rho[j] * dot(Y[j], d);
      axpy(alpha[j] - beta, S[j], d);
    }
    let gd = dot(g, d);
    if (!(gd < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      gd = dot(g, d);
    }
    let step = k === 0 ? Math.min(1, 1 / Math.sqrt(-gd)) : 1;
    let fNew = NaN;
    let ok = false;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      fNew = fg(xNew, gNew);
      if (fNew <= f + 1e-4 * step * gd) {
        ok = true;
        break;
      }
      step *= ls === 0 ? 0.1 : 0.5;
    }
    if (!ok) break;
    // Reuse the oldest pair's buffers once the history is full.
    const full = S.length === memory;
    const s = full ? S[0] : new Float64Array(n);
    const y = full ? Y[0] : new Float64Array(n);
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const si = xNew[i] - x[i];
      const yi = gNew[i] - g[i];
      s[i] = si;
      y[i] = yi;
      sy += si * yi;
      yy += yi * yi;
    }
    if (full) {
      // The oldest pair's buffers now hold the new pair: drop the old entry either way.
      S.shift();
      Y.shift();
      rho.shift();
    }
    if (sy > 1e-12 * yy) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const fOld = f;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    if (infNorm(g) <= gtol * g0 || fOld - f <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) converged = true;
  }
  return { x, f, iterations: it, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}

function infNorm(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  return m;
}
