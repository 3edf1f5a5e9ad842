/** evaluate() on a regression test set whose target is 0 in some rows (audit: MAPE 1.8e15 was reported). */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
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

  it('says when the test set is too small for steady scores (audit: 3 rows, no word)', () => {
    const few = evaluate({ model, test: takeRows(frame, Int32Array.from([400, 401, 402])), importance: false });
    expect(few.notes).toContain('The test set has only 3 rows, so these test scores are rough; a test set of 30 rows or more gives steadier ones.');
    const enough = evaluate({ model, test: takeRows(frame, Int32Array.from({ length: 30 }, (_, i) => 400 + i)), importance: false });
    expect(enough.notes.join(' ')).not.toContain('The test set has only');
  });

  it('a test target written true/false scores against a model trained on 0/1 (and names the classes when nothing matches)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'askml-ev01-'));
    const line = (i: number, y: string) => `${i % 10},${y}`;
    // x predicts y but for one row in seven (not a leak).
    const up = (i: number) => (i % 10 >= 5) !== (i % 7 === 0);
    writeFileSync(path.join(dir, 'train.csv'), ['x,y', ...Array.from({ length: 200 }, (_, i) => line(i, up(i) ? '1' : '0'))].join('\n'));
    writeFileSync(path.join(dir, 'test.csv'), ['x,y', ...Array.from({ length: 40 }, (_, i) => line(i, up(i) ? 'true' : 'false'))].join('\n'));
    writeFileSync(path.join(dir, 'other.csv'), ['x,y', ...Array.from({ length: 40 }, (_, i) => line(i, up(i) ? 'up' : 'down'))].join('\n'));
    const train = (await loadTable(path.join(dir, 'train.csv'))).frame;
    const m = (await searchModel({ train, target: 'y', task: 'binary', maxTrials: 2, include: ['gbdt'], seed: 0, parallelism: 1, runDir: path.join(dir, 'run') })).model;
    const ev = evaluate({ model: m, test: (await loadTable(path.join(dir, 'test.csv'))).frame, importance: false });
    expect(ev.rows).toBe(40);
    expect(ev.metrics.find((x) => x.name === 'accuracy')!.value).toBeGreaterThan(0.75);
    const other = (await loadTable(path.join(dir, 'other.csv'))).frame;
    expect(() => evaluate({ model: m, test: other, importance: false })).toThrow("No test row has a usable target value. 40 rows have a class the model never saw in training; the model's classes are '0', '1'.");

    // 10 of 40 test rows of a class the model never saw: errors in the label metrics (as scikit-learn
    // counts them), not silently left out; the probability metrics leave them out.
    const mixed = ['x,y', ...Array.from({ length: 40 }, (_, i) => line(i, i % 4 === 0 ? 'maybe' : up(i) ? '1' : '0'))].join('\n');
    writeFileSync(path.join(dir, 'mixed.csv'), mixed);
    const mixedFrame = (await loadTable(path.join(dir, 'mixed.csv'))).frame;
    const seenOnly = (await loadTable(path.join(dir, 'mixed.csv'))).frame;
    const ev2 = evaluate({ model: m, test: mixedFrame, importance: false });
    const seenRows = Int32Array.from(Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 4 !== 0));
    const ev3 = evaluate({ model: m, test: takeRows(seenOnly, seenRows), importance: false });
    const acc = (e: typeof ev2) => e.metrics.find((x) => x.name === 'accuracy')!.value!;
    expect(ev2.rows).toBe(40);
    expect(acc(ev2)).toBeCloseTo((acc(ev3) * 30) / 40, 12);
    expect(ev2.metrics.find((x) => x.name === 'log_loss')!.value).toBeCloseTo(ev3.metrics.find((x) => x.name === 'log_loss')!.value!, 12);
    expect(ev2.confusion!.labels).toEqual(['0', '1', 'maybe']);
    expect(ev2.confusion!.matrix[2].reduce((a, b) => a + b, 0)).toBe(10);
    expect(ev2.perClass!.find((c) => c.label === 'maybe')).toMatchObject({ recall: 0, support: 10 });
    expect(ev2.notes[0]).toMatch(/^10 test rows have a class the model never saw in training \('maybe'\): they count as errors/);
  }, 60_000);
});
