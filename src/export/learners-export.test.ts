/**
 * Every registered learner, every task it supports: fit on small generated data (NaNs for the
 * tree view), export with exportModel, and check onnxruntime-node against the in-process model
 * (exportModel verifies labels and probabilities within 1e-5 and throws EXPORT_MISMATCH
 * otherwise). Learners that cannot be exported must say EXPORT_UNSUPPORTED.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AskmlError } from '../errors.js';
import { allLearners } from '../learners/index.js';
import type { CsrMatrix, DenseMatrix, Learner, Matrix, Target, TaskType } from '../learners/types.js';
import { createRng } from '../util/random.js';
import { exportModel } from './export-model.js';
import { scoreOnnx } from './onnx-runtime.js';

const dir = mkdtempSync(path.join(tmpdir(), 'askml-onnx-learners-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function makeData(task: TaskType, rows: number, withNaN: boolean, seed: number): { X: DenseMatrix; y: Target } {
  const rng = createRng(seed);
  const cols = 6;
  const data = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = c === 5 ? rng.int(4) : rng.normal();
    const x = (c: number) => data[r * cols + c];
    const s = x(0) + Math.sin(2 * x(1)) + x(2) * x(3) + 0.3 * x(5) + 0.2 * rng.normal();
    y[r] = task === 'regression' ? 10 * s : task === 'binary' ? (s > 0 ? 1 : 0) : s < -0.7 ? 0 : s < 0.7 ? 1 : 2;
    if (withNaN && rng.next() < 0.15) data[r * cols + 0] = NaN;
    if (withNaN && rng.next() < 0.15) data[r * cols + 4] = NaN;
  }
  const nClasses = task === 'regression' ? 1 : task === 'binary' ? 2 : 3;
  return { X: { kind: 'dense', rows, cols, data }, y: { task, y, nClasses } };
}

/** Non-negative counts as CSR (naive Bayes and other sparse-only learners). */
function toCsr(X: DenseMatrix): CsrMatrix {
  const indptr = new Int32Array(X.rows + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let r = 0; r < X.rows; r++) {
    for (let c = 0; c < X.cols; c++) {
      const v = Math.round(Math.abs(X.data[r * X.cols + c]) * 2);
      if (v !== 0) { indices.push(c); data.push(v); }
    }
    indptr[r + 1] = indices.length;
  }
  return { kind: 'csr', rows: X.rows, cols: X.cols, indptr, indices: Int32Array.from(indices), data: Float64Array.from(data) };
}

function inputFor(l: Learner, X: DenseMatrix): Matrix {
  return l.input === 'sparse' ? toCsr(X) : X;
}

const learners = allLearners();
const diffs: string[] = [];
afterAll(() => console.log(`max |onnx - in-process|: ${diffs.join('; ')}`));

describe('registered learners -> ONNX', () => {
  it('has learners to test', () => {
    expect(learners.length).toBeGreaterThan(0);
  });

  for (const l of learners) {
    for (const task of l.tasks) {
      it(`${l.name} ${task}`, async () => {
        const { X: dense, y } = makeData(task, 300, l.view === 'tree', 1);
        const X = inputFor(l, dense);
        const shape = { rows: X.rows, cols: X.cols, task, nClasses: y.nClasses, sparse: X.kind === 'csr' };
        const params = { ...l.space(shape).default };
        if (typeof params.n_estimators === 'number') params.n_estimators = Math.min(params.n_estimators, 15);
        const model = await l.fit(X, y, params, { seed: 3 });
        const test = inputFor(l, makeData(task, 200, l.view === 'tree', 2).X);
        const file = path.join(dir, `${l.name}-${task}.onnx`);
        let err: unknown = null;
        try {
          model.toExportIR();
        } catch (e) {
          err = e;
        }
        if (err) {
          expect(err).toBeInstanceOf(AskmlError);
          expect((err as AskmlError).code).toBe('EXPORT_UNSUPPORTED');
          return;
        }
        const res = await exportModel({ model, path: file, sample: test });
        expect(res.verification.ok).toBe(true);
        expect(res.verification.labelsEqual).toBe(true);
        diffs.push(`${l.name} ${task}: ${res.verification.maxAbsDiff.toExponential(1)}`);
        expect(existsSync(file)).toBe(true);
        // scoring the written file again gives the in-process labels
        const data = Float32Array.from(test.kind === 'dense' ? test.data : new Float64Array(0));
        if (test.kind === 'dense') {
          const got = await scoreOnnx(file, { features: { data, dims: [test.rows, test.cols] } });
          const want = model.predict(test);
          const tol = task === 'regression' ? 1e-3 : 0;
          for (let i = 0; i < test.rows; i++) expect(Math.abs(got.label[i] - want[i])).toBeLessThanOrEqual(tol);
        }
      });
    }
  }
});

describe('regression learners fitted on log(target) (MAPE) -> ONNX', () => {
  for (const l of learners.filter((x) => x.tasks.includes('regression'))) {
    it(`${l.name}: exp(clip(model)) in the graph matches predict`, async () => {
      const { LogTargetModel, logTarget } = await import('../learners/log-target.js');
      const { X: dense, y } = makeData('regression', 300, l.view === 'tree', 1);
      const X = inputFor(l, dense);
      const positive = Float64Array.from(y.y, (v) => Math.exp(v / 10) * 100);
      const lt = logTarget(positive);
      const params = { ...l.space({ rows: X.rows, cols: X.cols, task: 'regression', nClasses: 1, sparse: false }).default };
      if (typeof params.n_estimators === 'number') params.n_estimators = Math.min(params.n_estimators, 15);
      const model = new LogTargetModel(await l.fit(X, { ...y, y: lt.y }, params, { seed: 3 }), lt.range);
      const test = inputFor(l, makeData('regression', 200, l.view === 'tree', 2).X);
      try {
        model.toExportIR();
      } catch (e) {
        expect((e as AskmlError).code).toBe('EXPORT_UNSUPPORTED');
        return;
      }
      const res = await exportModel({ model, path: path.join(dir, `${l.name}-log.onnx`), sample: test });
      expect(res.verification.ok).toBe(true);
      const want = model.predict(test);
      expect(Math.min(...want)).toBeGreaterThan(0);
      if (test.kind === 'dense') {
        const got = await scoreOnnx(path.join(dir, `${l.name}-log.onnx`), { features: { data: Float32Array.from(test.data), dims: [test.rows, test.cols] } });
        // linear models stay in double through Exp (float32 output only); trees sum in float32
        const tol = l.view === 'linear' ? 1e-6 : 1e-4;
        for (let i = 0; i < test.rows; i++) expect(Math.abs(got.label[i] - want[i]) / want[i]).toBeLessThan(tol);
      }
    });
  }
});
