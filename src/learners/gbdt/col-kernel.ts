/**
 * Column-wise histogram kernel for large histograms (they do not fit in L1, e.g. 28 features
 * x 255 bins): rows in blocks of BLOCK (the block's gradients stay in cache), four features per
 * pass (one row-index and gradient load feeds four histograms of a few KB each). Compiled per
 * grower over its typed arrays, like leaf-kernels.ts (V8 specialises the closure on them), with
 * the "all rows in order" case (root without bagging) as its own loop.
 */

/** Accumulate rows idx[start..start+cnt) (rows 0..cnt when `all`) of features `feats` into H. */
export type ColKernel = (H: Float64Array, start: number, cnt: number, all: boolean, feats: Int32Array) => void;

export interface ColArrays {
  idx: Int32Array;
  og: Float64Array;
  oh: Float64Array;
  /** Column-major bins, n per feature. */
  bins: Uint8Array;
  /** Histogram offset (x3) of each feature. */
  off3: Int32Array;
  n: number;
}

const BLOCK = 2048;
let serial = 0;

function loops(rowExpr: string): string {
  return `
    for (let b0 = 0; b0 < cnt; b0 += ${BLOCK}) {
      const b1 = Math.min(cnt, b0 + ${BLOCK});
      for (let j = 0; j < nf4; j += 4) {
        const fa = feats[j];
        const fb = feats[j + 1];
        const fc = feats[j + 2];
        const fd = feats[j + 3];
        const ba = fa * n;
        const bb = fb * n;
        const bc = fc * n;
        const bd = fd * n;
        const oa = off3[fa];
        const ob = off3[fb];
        const oc = off3[fc];
        const od = off3[fd];
        for (let i = b0; i < b1; i++) {
          const r = ${rowExpr};
          const g = og[i];
          const h = oh[i];
          const xa = oa + bins[ba + r] * 3;
          const xb = ob + bins[bb + r] * 3;
          const xc = oc + bins[bc + r] * 3;
          const xd = od + bins[bd + r] * 3;
          H[xa] += g;
          H[xa + 1] += h;
          H[xa + 2] += 1;
          H[xb] += g;
          H[xb + 1] += h;
          H[xb + 2] += 1;
          H[xc] += g;
          H[xc + 1] += h;
          H[xc + 2] += 1;
          H[xd] += g;
          H[xd + 1] += h;
          H[xd + 2] += 1;
        }
      }
      for (let j = nf4; j < nf; j++) {
        const f = feats[j];
        const base = f * n;
        const off = off3[f];
        for (let i = b0; i < b1; i++) {
          const r = ${rowExpr};
          const x = off + bins[base + r] * 3;
          H[x] += og[i];
          H[x + 1] += oh[i];
          H[x + 2] += 1;
        }
      }
    }`;
}

export function makeColKernel(a: ColArrays): ColKernel {
  const src = `"use strict"; // col kernel #${serial++}
  return function (H, start, cnt, all, feats) {
    const nf = feats.length;
    const nf4 = nf - (nf % 4);
    if (all) {${loops('i')}
    } else {${loops('idx[start + i]')}
    }
  };`;
  const factory = new Function('idx', 'og', 'oh', 'bins', 'off3', 'n', src) as (...args: unknown[]) => ColKernel;
  return factory(a.idx, a.og, a.oh, a.bins, a.off3, a.n);
}
