import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../data/frame.js';
import { AskmlError } from '../errors.js';
import { exportPipeline, feedForExported } from '../export/export-pipeline.js';
import { runOnnx } from '../export/onnx-runtime.js';
import { createRng } from '../util/random.js';
import { searchModel } from './automl.js';
import { tuneDecision, weightedArgmax } from './decision.js';
import { TrainedModel } from './trained-model.js';

const tmp = mkdtempSync(join(tmpdir(), 'askml-decision-'));

/** 600 rows, 8% positives whose x is shifted by 1.2: a weak signal a rare class is rarely predicted for. */
function imbalanced(n = 600, seed = 3): Frame {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  const z = new Float64Array(n);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const pos = rng.next() < 0.08;
    codes[i] = pos ? 1 : 0;
    x[i] = rng.normal() + (pos ? 1.2 : 0);
    z[i] = rng.normal();
  }
  return {
    nRows: n,
    columns: [
      { name: 'x', type: 'numeric', values: x },
      { name: 'z', type: 'numeric', values: z },
      { name: 'y', type: 'categorical', codes, levels: ['no', 'yes'] },
    ],
  } as Frame;
}

describe('decision rule for balanced accuracy and macro-F1', () => {
  it('weightedArgmax takes the largest probability times its weight (first on ties)', () => {
    const p = [0.7, 0.3, 0.5, 0.5, 0.9, 0.1];
    expect(Array.from(weightedArgmax(p, 2, null))).toEqual([0, 0, 0]);
    expect(Array.from(weightedArgmax(p, 2, [0.25, 1]))).toEqual([1, 1, 0]);
  });

  it('corrects for the class shares when that raises the out-of-fold score, and only for those metrics', () => {
    // Calibrated probabilities of a 90/10 problem: the positives' p(yes) sits around 0.3.
    const rng = createRng(1);
    const n = 1000;
    const y = new Float64Array(n);
    const oof = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      y[i] = rng.next() < 0.1 ? 1 : 0;
      const p = Math.min(0.95, Math.max(0.01, (y[i] ? 0.3 : 0.06) + 0.08 * rng.normal()));
      oof[2 * i] = 1 - p;
      oof[2 * i + 1] = p;
    }
    const shares = [0.9, 0.1];
    const ba = tuneDecision({ metric: 'balanced_accuracy', y, oof, k: 2, shares })!;
    expect(ba.baseScore).toBeLessThan(0.6);
    expect(ba.score).toBeGreaterThan(ba.baseScore + 0.2);
    expect(ba.weights[1]).toBe(1);
    expect(ba.weights[0]).toBeCloseTo(ba.exponent === 1 ? 1 / 9 : 1 / 3, 10);
    expect(tuneDecision({ metric: 'accuracy', y, oof, k: 2, shares })).toBeNull();
    // Balanced classes: nothing to correct.
    expect(tuneDecision({ metric: 'balanced_accuracy', y, oof, k: 2, shares: [0.5, 0.5] })).toBeNull();
  });

  it('a search for balanced accuracy saves the rule in the model; predict, save/load and ONNX apply it', async () => {
    const frame = imbalanced();
    const r = await searchModel({ train: frame, target: 'y', metric: 'balanced_accuracy', maxTrials: 4, include: ['logistic_regression'], seed: 0, parallelism: 1, runDir: join(tmp, 'run') });
    const w = r.model.decisionWeights;
    expect(w).not.toBeNull();
    expect(r.notes.some((n) => n.startsWith('Labels for balanced_accuracy: each class'))).toBe(true);
    const pred = r.model.predict(frame);
    expect(Array.from(pred.values)).toEqual(Array.from(weightedArgmax(pred.proba!, 2, w)));
    const plain = weightedArgmax(pred.proba!, 2, null);
    expect(pred.values.filter((v) => v === 1).length).toBeGreaterThan(plain.filter((v) => v === 1).length);

    const back = TrainedModel.load(JSON.parse(JSON.stringify(r.model.toJSON())));
    expect(back.decisionWeights).toEqual(w);
    expect(Array.from(back.predict(frame).values)).toEqual(Array.from(pred.values));
    expect(() => TrainedModel.load({ ...r.model.toJSON(), decisionWeights: [1, -2] })).toThrow(AskmlError);

    const onnxPath = join(tmp, 'model.onnx');
    const members = r.model.members.map((m) => ({ steps: r.model.featurePipelines[m.view]!, model: m.model, weight: m.weight }));
    const res = await exportPipeline({ path: onnxPath, members, sample: frame, decisionWeights: w });
    expect(res.verification.labelsEqual).toBe(true);
    const out = await runOnnx(onnxPath, feedForExported(onnxPath, frame));
    expect(Array.from(out.label.data as unknown as BigInt64Array, Number)).toEqual(Array.from(pred.values));
  }, 60_000);
});
