/**
 * Search-space arithmetic in a normalised unit cube: every searched parameter maps to [0, 1]
 * (log scale where the spec says so, choices as evenly spaced ordinal cells). Local search steps
 * (CFO) and random / TPE proposals work on these vectors; `decode` turns them back into Params.
 */
import type { ParamSpec, ParamValue, Params, SearchSpace } from '../learners/types.js';
import type { Rng } from '../util/random.js';

export interface UnitSpace {
  keys: string[];
  specs: ParamSpec[];
  /** Fixed parameters carried from the learner's init (keys not searched). */
  base: Params;
}

export function unitSpace(space: SearchSpace): UnitSpace {
  const keys = Object.keys(space.params).sort();
  return { keys, specs: keys.map((k) => space.params[k]), base: { ...space.default, ...space.init } };
}

export function toUnit(spec: ParamSpec, value: ParamValue | undefined): number {
  if (spec.type === 'choice') {
    const i = Math.max(0, spec.values.indexOf(value as ParamValue));
    return (i + 0.5) / spec.values.length;
  }
  const v = typeof value === 'number' && Number.isFinite(value) ? value : spec.low;
  if (spec.high <= spec.low) return 0;
  if (spec.log && spec.low > 0) {
    return clamp01((Math.log(v) - Math.log(spec.low)) / (Math.log(spec.high) - Math.log(spec.low)));
  }
  return clamp01((v - spec.low) / (spec.high - spec.low));
}

export function fromUnit(spec: ParamSpec, u: number): ParamValue {
  u = clamp01(u);
  if (spec.type === 'choice') {
    const n = spec.values.length;
    return spec.values[Math.min(n - 1, Math.floor(u * n))];
  }
  let v: number;
  if (spec.log && spec.low > 0) v = Math.exp(Math.log(spec.low) + u * (Math.log(spec.high) - Math.log(spec.low)));
  else v = spec.low + u * (spec.high - spec.low);
  if (spec.type === 'int') v = Math.min(spec.high, Math.max(spec.low, Math.round(v)));
  else v = Math.min(spec.high, Math.max(spec.low, v));
  return v;
}

export function encode(us: UnitSpace, params: Params): Float64Array {
  const x = new Float64Array(us.keys.length);
  for (let i = 0; i < us.keys.length; i++) x[i] = toUnit(us.specs[i], params[us.keys[i]]);
  return x;
}

export function decode(us: UnitSpace, x: Float64Array): Params {
  const p: Params = { ...us.base };
  for (let i = 0; i < us.keys.length; i++) p[us.keys[i]] = fromUnit(us.specs[i], x[i]);
  return p;
}

export function randomUnit(us: UnitSpace, rng: Rng): Float64Array {
  const x = new Float64Array(us.keys.length);
  for (let i = 0; i < x.length; i++) x[i] = rng.next();
  return x;
}

/** A random direction of unit length. */
export function randomDirection(dim: number, rng: Rng): Float64Array {
  const u = new Float64Array(dim);
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    u[i] = rng.normal();
    norm += u[i] * u[i];
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dim; i++) u[i] /= norm;
  return u;
}

/** x + scale * u, clipped to the unit cube. */
export function moved(x: Float64Array, u: Float64Array, scale: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = clamp01(x[i] + scale * u[i]);
  return y;
}

/**
 * Stable key of a configuration, to skip duplicates. Numbers count to 12 significant digits: one
 * grid point reached on two paths (0.35481338923357575 and 0.3548133892335751) is one config.
 */
export function configKey(params: Params): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => {
    const v = params[k];
    return [k, typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(12)) : v];
  }));
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
