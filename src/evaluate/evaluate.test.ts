/** evaluate() on a regression test set whose target is 0 in some rows (audit: MAPE 1.8e15 was reported). */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTable } from '../data/load.js';
import type { Frame } from '../data/frame.js';
import { takeRows } from '../data/frame.js';
import { searchModel } from '../search/automl.js';
import type { TrainedModel } from '../search/trained-model.js';
import { evaluate } from './evaluate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let frame: Frame;
let model: TrainedModel;

beforeAll(async () => {
  frame = (await loadTable(path.join(root, 'examples/house-prices.csv'))).frame;
  const train = takeRows(frame, Int32Array.from({ length: 400 }, (_, i) => i));
  model = (await searchModel({ train, target: 'price', maxTrials: 1, include: ['ridge'], seed: 0, parallelism: 1, runDir: path.join(mkdtempSync(path.join(tmpdir(), 'askml-ev-')), 'run') })).model;
}, 60_000);

describe('evaluate', () => {
  it('leaves MAPE out, with a note, when test targets are 0; the other metrics stay', () => {
    const test = takeRows(frame, Int32Array.from({ length: 100 }, (_, i) => 400 + i));
    const plain = evaluate({ model, test, importance: false });
    expect(plain.metrics.find((m) => m.name === 'mape')!.value).toBeGreaterThan(0);
    const price = test.columns.find((c) => c.name === 'price')!;
    if (price.type !== 'numeric') throw new Error('price is numeric');
    price.values[0] = 0;
    price.values[1] = 0;
    const ev = evaluate({ model, test, importance: false });
    expect(ev.metrics.find((m) => m.name === 'mape')!.value).toBeNull();
    expect(ev.metrics.find((m) => m.name === 'rmse')!.value).toBeGreaterThan(0);
    expect(ev.notes).toContain('MAPE is not reported: 2 test rows have the target 0, where the percentage error is undefined.');
  });
});
