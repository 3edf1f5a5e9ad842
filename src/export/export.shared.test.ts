/**
 * End to end on the shared datasets: searchModel -> TrainedModel -> exportPipeline (the glue is
 * the few lines in `exportTrained`) -> onnxruntime-node agrees with TrainedModel.predict on
 * held-out rows. Run: npx vitest run --config vitest.shared.config.ts src/export/export.shared.test.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { takeRows, type Frame } from '../data/frame.js';
import { loadTable } from '../data/load.js';
import { searchModel } from '../search/automl.js';
import type { TrainedModel } from '../search/trained-model.js';
import { exportPipeline, feedForExported } from './export-pipeline.js';
import { scoreOnnx } from './onnx-runtime.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const data = path.resolve(repoRoot, '../shared/data');
const tmp = mkdtempSync(path.join(tmpdir(), 'askml-export-shared-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The glue: a TrainedModel as one ONNX file. */
function exportTrained(model: TrainedModel, file: string, sample: Frame) {
  return exportPipeline({
    path: file,
    sample,
    members: model.members.map((m) => ({ steps: model.featurePipelines[m.view]!, model: m.model, weight: m.weight })),
    metadata: { 'askml.target': model.target, 'askml.task': model.task, 'askml.labels': JSON.stringify(model.labels) },
  });
}

function rows(frame: Frame, from: number, to: number): Frame {
  return takeRows(frame, Int32Array.from({ length: Math.min(to, frame.nRows) - from }, (_, i) => from + i));
}

const CASES = [
  { file: 'titanic.csv', target: 'survived', learners: ['gbdt', 'logistic_regression'] },
  { file: 'penguins.csv', target: 'species', learners: ['random_forest', 'logistic_regression'] },
  { file: 'diamonds.csv', target: 'price', learners: ['gbdt', 'ridge'] },
  { file: 'thucnews/train.csv', target: 'category', learners: ['logistic_regression', 'naive_bayes'] },
  { file: 'spam_assassin.csv', target: 'label', learners: ['linear_svm', 'logistic_regression'] },
];

describe('shared datasets -> ONNX', () => {
  for (const c of CASES) {
    it(`${c.file}`, async () => {
      const { frame } = await loadTable(path.join(data, c.file));
      // shuffle-free split: every 3rd row held out, at most 1500 training rows
      const idx = Int32Array.from({ length: Math.min(frame.nRows, 2200) }, (_, i) => Math.floor((i * frame.nRows) / Math.min(frame.nRows, 2200)));
      const all = takeRows(frame, idx);
      const train = takeRows(all, Int32Array.from({ length: all.nRows }, (_, i) => i).filter((i) => i % 3 !== 0));
      const test = takeRows(all, Int32Array.from({ length: all.nRows }, (_, i) => i).filter((i) => i % 3 === 0));
      const r = await searchModel({
        train, target: c.target, include: c.learners, maxTrials: 4, seed: 1, parallelism: 1,
        runDir: path.join(tmp, c.file.replace(/\W/g, '_')), ensemble: true,
      });
      const file = path.join(tmp, `${c.file.replace(/\W/g, '_')}.onnx`);
      const sample = rows(test, 0, 400);
      const res = await exportTrained(r.model, file, sample);
      expect(res.verification.ok).toBe(true);
      // score the written file on other held-out rows and compare with TrainedModel.predict
      const other = rows(test, 400, 700);
      const want = r.model.predict(other);
      const got = await scoreOnnx(file, feedForExported(file, other));
      let maxDiff = 0;
      if (want.proba) for (let i = 0; i < want.proba.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got.probabilities![i] - want.proba[i]));
      else {
        // float32 sums over many trees: the error scales with the largest prediction (as in verify.ts)
        const scale = Math.max(1, ...Array.from(want.values, Math.abs));
        for (let i = 0; i < want.values.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got.label[i] - want.values[i]) / scale);
      }
      console.log(`${c.file}: ${r.model.members.map((m) => m.learner).join('+')}, inputs ${res.inputs.map((i) => `${i.name}:${i.type}`).join(' ')}, text in graph ${res.textInGraph}, ${res.bytes} bytes, check max diff ${res.verification.maxAbsDiff.toExponential(1)}, other rows ${maxDiff.toExponential(1)}`);
      expect(maxDiff).toBeLessThan(1e-5);
    }, 120_000);
  }
});
