import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/random.js';
import { applyBins, fitBins } from './binning.js';

/** 120k rows x 3: a many-valued column with specials, a low-cardinality one with NaN, a constant. */
function data(): Float64Array {
  const rows = 120_000;
  const rng = createRng(7);
  const specials = [NaN, Infinity, -Infinity, -0, 0, 1e-45, -1e-45, 1e300, -1e300, 1e-320];
  const d = new Float64Array(rows * 3);
  for (let r = 0; r < rows; r++) {
    d[r * 3] = r % 7 === 0 ? specials[(r / 7) % specials.length] : (rng.next() - 0.5) * 1e4;
    d[r * 3 + 1] = r % 3 === 0 ? NaN : Math.floor(rng.next() * 5) - 2;
    d[r * 3 + 2] = 4.5;
  }
  return d;
}

describe('binning (large-data paths: radix-sorted sample, table lookup)', () => {
  it('assigns every value the bin its float32 value falls in, same as the binary search', async () => {
    const d = data();
    const rows = d.length / 3;
    const mapper = await fitBins(d, rows, 3, { maxBins: 255, seed: 0 });
    expect(mapper.nBins[0]).toBeGreaterThan(200);
    expect([mapper.nBins[1], mapper.nBins[2]]).toEqual([5, 1]);
    for (const up of mapper.upper) for (let i = 1; i < up.length; i++) expect(up[i]).toBeGreaterThan(up[i - 1]);
    const big = await applyBins(d, rows, 3, mapper); // >= 16K rows: table lookup
    let bad = 0;
    for (let f = 0; f < 3; f++) {
      const up = mapper.upper[f];
      for (let r = 0; r < rows; r++) {
        const v = d[r * 3 + f];
        const b = big.bins[f * rows + r];
        if (Number.isNaN(v)) {
          if (b !== up.length + 1) bad++;
          continue;
        }
        const x = Math.fround(v);
        if ((b < up.length && !(x <= up[b])) || (b > 0 && !(x > up[b - 1]))) bad++;
      }
    }
    expect(bad).toBe(0);
    // The first 10k rows alone take the binary-search path: identical bins.
    const m = 10_000;
    const small = await applyBins(d.subarray(0, m * 3), m, 3, mapper);
    for (let f = 0; f < 3; f++) {
      expect(Array.from(small.bins.subarray(f * m, f * m + m))).toEqual(Array.from(big.bins.subarray(f * rows, f * rows + m)));
    }
  });
});
