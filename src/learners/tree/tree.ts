/**
 * The shared tree structure: parallel node arrays (a node is a leaf when left < 0), a growable
 * builder, prediction on raw rows (float32 comparisons, NaN -> missingLeft) and on binned rows,
 * compact serialisation (base64 of typed arrays) and conversion to the export IR.
 */
import type { TreeIR } from '../../export/ir.js';
import type { BinnedData } from './binning.js';

export interface Tree {
  nOutputs: number;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  value: Float64Array;
  /** Split gain per node (0 at leaves): feature importance. */
  gain: Float64Array;
}

/** Builder with capacity growth; `binThr` is the training-time bin split point. */
export class TreeBuilder {
  n = 0;
  feature: Int32Array;
  threshold: Float64Array;
  binThr: Int32Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  value: Float64Array;
  gain: Float64Array;
  constructor(
    readonly nOutputs: number,
    capacity = 64,
  ) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.binThr = new Int32Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.missingLeft = new Uint8Array(capacity);
    this.value = new Float64Array(capacity * nOutputs);
    this.gain = new Float64Array(capacity);
  }

  /** Append a leaf node; returns its id. */
  addLeaf(): number {
    if (this.n === this.feature.length) this.grow();
    const id = this.n++;
    this.left[id] = -1;
    this.right[id] = -1;
    this.feature[id] = -1;
    return id;
  }

  private grow(): void {
    const cap = this.feature.length * 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, c: number): T => {
      const b = new (a.constructor as new (n: number) => T)(c);
      b.set(a);
      return b;
    };
    this.feature = g(this.feature, cap);
    this.threshold = g(this.threshold, cap);
    this.binThr = g(this.binThr, cap);
    this.left = g(this.left, cap);
    this.right = g(this.right, cap);
    this.missingLeft = g(this.missingLeft, cap);
    this.value = g(this.value, cap * this.nOutputs);
    this.gain = g(this.gain, cap);
  }

  finish(): Tree {
    const n = this.n;
    return {
      nOutputs: this.nOutputs,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      missingLeft: this.missingLeft.slice(0, n),
      value: this.value.slice(0, n * this.nOutputs),
      gain: this.gain.slice(0, n),
    };
  }
}

/** Leaf index reached by row r of a row-major raw matrix. */
export function leafOf(t: Tree, data: Float64Array | Float32Array, cols: number, r: number): number {
  const feature = t.feature;
  const left = t.left;
  const base = r * cols;
  let node = 0;
  while (left[node] >= 0) {
    const x = data[base + feature[node]];
    if (x !== x) node = t.missingLeft[node] === 1 ? left[node] : t.right[node];
    else node = Math.fround(x) <= t.threshold[node] ? left[node] : t.right[node];
  }
  return node;
}

/** Leaf index reached by row r of binned data (training-time routing). */
export function leafOfBinned(
  b: TreeBuilder,
  binned: BinnedData,
  missingBin: Int32Array,
  r: number,
): number {
  let node = 0;
  const rows = binned.rows;
  const bins = binned.bins;
  while (b.left[node] >= 0) {
    const f = b.feature[node];
    const v = bins[f * rows + r];
    if (v === missingBin[f]) node = b.missingLeft[node] === 1 ? b.left[node] : b.right[node];
    else node = v <= b.binThr[node] ? b.left[node] : b.right[node];
  }
  return node;
}

export function toTreeIR(t: Tree): TreeIR {
  return {
    feature: t.feature.slice(),
    threshold: t.threshold.slice(),
    left: t.left.slice(),
    right: t.right.slice(),
    missingLeft: t.missingLeft.slice(),
    value: t.value.slice(),
    nOutputs: t.nOutputs,
  };
}

/** Gain importance summed over trees, normalised to sum 1 (all zero when no split). */
export function gainImportance(trees: readonly Tree[], nFeatures: number): Float64Array {
  const imp = new Float64Array(nFeatures);
  for (const t of trees) {
    for (let i = 0; i < t.feature.length; i++) if (t.left[i] >= 0) imp[t.feature[i]] += t.gain[i];
  }
  let s = 0;
  for (let i = 0; i < nFeatures; i++) s += imp[i];
  if (s > 0) for (let i = 0; i < nFeatures; i++) imp[i] /= s;
  return imp;
}

// --- serialisation ---------------------------------------------------------------------------

export interface SavedTree {
  nOutputs: number;
  nodes: number;
  feature: string;
  threshold: string;
  left: string;
  right: string;
  missingLeft: string;
  value: string;
  gain: string;
}

export function b64(a: ArrayBufferView): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function unb64<T>(s: string, Ctor: { new (buf: ArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
  const buf = Buffer.from(s, 'base64');
  const ab = new ArrayBuffer(buf.length);
  new Uint8Array(ab).set(buf);
  return new Ctor(ab);
}

export const fromB64 = {
  f64: (s: string) => unb64(s, Float64Array),
  i32: (s: string) => unb64(s, Int32Array),
  u8: (s: string) => unb64(s, Uint8Array),
};

export function saveTree(t: Tree): SavedTree {
  return {
    nOutputs: t.nOutputs,
    nodes: t.feature.length,
    feature: b64(t.feature),
    threshold: b64(t.threshold),
    left: b64(t.left),
    right: b64(t.right),
    missingLeft: b64(t.missingLeft),
    value: b64(t.value),
    gain: b64(t.gain),
  };
}

export function loadTree(s: SavedTree): Tree {
  return {
    nOutputs: s.nOutputs,
    feature: fromB64.i32(s.feature),
    threshold: fromB64.f64(s.threshold),
    left: fromB64.i32(s.left),
    right: fromB64.i32(s.right),
    missingLeft: fromB64.u8(s.missingLeft),
    value: fromB64.f64(s.value),
    gain: fromB64.f64(s.gain),
  };
}
