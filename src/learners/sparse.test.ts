import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random.js';
import { densify, getValue, hstack, matmulT, matTmul, matTvec, matvec, minValue, rowNormsSq, takeRows, toCsr } from './sparse.js';
import type { DenseMatrix } from './types.js';

function randomDense(rows: number, cols: number, seed: number): DenseMatrix {
  const rng = createRng(seed);
  const data = Float64Array.from({ length: rows * cols }, () => (rng.next() < 0.6 ? 0 : Math.round(rng.normal() * 100) / 10));
  return { kind: 'dense', rows, cols, data };
}

function naive(A: DenseMatrix, i: number, j: number): number {
  return A.data[i * A.cols + j];
}

describe('sparse helpers', () => {
  const A = randomDense(7, 5, 1);
  const C = toCsr(A);
  const w = Float64Array.from([1, -2, 0.5, 3, -1]);
  const v = Float64Array.from([1, 2, 3, 4, 5, 6, 7]);

  it('toCsr keeps only non-zeros in ascending column order and densify inverts it', () => {
    expect(C.indptr[C.rows]).toBe(A.data.filter((x) => x !== 0).length);
    for (let i = 0; i < C.rows; i++) for (let p = C.indptr[i] + 1; p < C.indptr[i + 1]; p++) expect(C.indices[p]).toBeGreaterThan(C.indices[p - 1]);
    expect(densify(C).data).toEqual(A.data);
    expect(getValue(C, 2, 3)).toBe(naive(A, 2, 3));
  });

  it('matvec / matTvec agree with the definition on dense and CSR', () => {
    const expected = Array.from({ length: 7 }, (_, i) => 0.5 + w.reduce((s, wj, j) => s + naive(A, i, j) * wj, 0));
    for (const M of [A, C]) {
      expect(Array.from(matvec(M, w, 0.5))).toEqual(expected.map((x) => expect.closeTo(x, 12)));
      const t = matTvec(M, v);
      for (let j = 0; j < 5; j++) expect(t[j]).toBeCloseTo(v.reduce((s, vi, i) => s + naive(A, i, j) * vi, 0), 12);
    }
  });

  it('matmulT / matTmul are the multi-output versions', () => {
    const W = Float64Array.from([...w, ...w.map((x) => -2 * x)]); // 2 x 5
    const V = Float64Array.from({ length: 14 }, (_, t) => t - 3); // 7 x 2
    for (const M of [A, C]) {
      const out = matmulT(M, W, 2, [1, 2]);
      const base = matvec(A, w);
      for (let i = 0; i < 7; i++) {
        expect(out[2 * i]).toBeCloseTo(base[i] + 1, 12);
        expect(out[2 * i + 1]).toBeCloseTo(-2 * base[i] + 2, 12);
      }
      const g = matTmul(M, V, 2);
      const col0 = matTvec(A, Float64Array.from({ length: 7 }, (_, i) => V[2 * i]));
      const col1 = matTvec(A, Float64Array.from({ length: 7 }, (_, i) => V[2 * i + 1]));
      for (let j = 0; j < 5; j++) {
        expect(g[j]).toBeCloseTo(col0[j], 12);
        expect(g[5 + j]).toBeCloseTo(col1[j], 12);
      }
    }
  });

  it('rowNormsSq, takeRows, hstack and minValue', () => {
    const n = rowNormsSq(C);
    for (let i = 0; i < 7; i++) expect(n[i]).toBeCloseTo(Array.from({ length: 5 }, (_, j) => naive(A, i, j) ** 2).reduce((a, b) => a + b), 12);
    const idx = [6, 0, 0, 3];
    for (const M of [A, C]) {
      const T = densify(takeRows(M, idx));
      expect(T.rows).toBe(4);
      for (let r = 0; r < 4; r++) for (let j = 0; j < 5; j++) expect(T.data[r * 5 + j]).toBe(naive(A, idx[r], j));
    }
    const B = randomDense(7, 3, 2);
    const H = hstack([A, toCsr(B)]);
    expect(H.kind).toBe('csr');
    expect(H.cols).toBe(8);
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 5; j++) expect(getValue(H, i, j)).toBe(naive(A, i, j));
      for (let j = 0; j < 3; j++) expect(getValue(H, i, 5 + j)).toBe(naive(B, i, j));
    }
    expect(hstack([A, B]).kind).toBe('dense');
    expect(densify(hstack([A, B])).data).toEqual(densify(H).data);
    expect(() => hstack([A, randomDense(3, 2, 3)])).toThrow(/row counts differ/);
    expect(minValue(C)).toBe(Math.min(...A.data));
  });
});
