/**
 * Export a fitted model (or a model IR) that reads the final feature vector: one float input
 * `features` [N, nFeatures], outputs `label` and `probabilities`. The model is verified with
 * onnxruntime-node on a sample before the file is written (tmp file + rename).
 */
import { AskmlError } from '../errors.js';
import { writeFileAtomic } from '../util/fs.js';
import type { FittedModel, Matrix } from '../learners/types.js';
import { GraphBuilder } from './graph.js';
import type { ModelIR } from './ir.js';
import { addFinalOutputs, addModel } from './model-converters.js';
import { writeOnnxModel } from './onnx-writer.js';
import { assertExportMatches, type InProcessPrediction, type VerifyResult } from './verify.js';

export interface TensorSpec {
  name: string;
  /** e.g. 'float[N,12]', 'double[N,1]', 'string[N,1]', 'int64[N]'. */
  type: string;
}

export interface ExportResult {
  path: string;
  bytes: number;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  verification: VerifyResult;
}

function isFitted(m: FittedModel | ModelIR): m is FittedModel {
  return typeof (m as FittedModel).toExportIR === 'function';
}

/** Dense float32 copy of a matrix (CSR densified), row-major. */
export function toFloat32Dense(X: Matrix): Float32Array {
  const out = new Float32Array(X.rows * X.cols);
  if (X.kind === 'dense') {
    out.set(X.data);
    return out;
  }
  for (let r = 0; r < X.rows; r++) {
    for (let p = X.indptr[r]; p < X.indptr[r + 1]; p++) out[r * X.cols + X.indices[p]] = X.data[p];
  }
  return out;
}

/** What the in-process model predicts on X, in the shape verifyExport compares. */
export function inProcessPrediction(model: FittedModel, X: Matrix): InProcessPrediction {
  const labels = model.predict(X);
  if (model.task === 'regression') return { labels };
  if (!model.predictProba) {
    throw new AskmlError('EXPORT_UNSUPPORTED', `Learner '${model.learner}' has no probabilities to export.`);
  }
  return { labels, proba: model.predictProba(X) };
}

export interface ExportModelOptions {
  /** A fitted model (its IR and in-process predictions are taken from it) or a bare IR. */
  model: FittedModel | ModelIR;
  path: string;
  /** Rows to verify on (keep it small: a few hundred to a few thousand rows). */
  sample: Matrix;
  /** In-process predictions on `sample`; required when `model` is a bare IR. */
  expected?: InProcessPrediction;
}

/** Build the ONNX graph for a model IR alone (no preprocessing). */
export function buildModelOnnx(ir: ModelIR): { bytes: Uint8Array; inputs: TensorSpec[]; outputs: TensorSpec[] } {
  const g = new GraphBuilder();
  const features = g.addInput('features', 'float', [null, ir.nFeatures]);
  g.reserve('label');
  g.reserve('probabilities');
  const outputs = addFinalOutputs(g, addModel(g, ir, { name: features, type: 'float' }));
  const bytes = writeOnnxModel(g.build('askml_model', { metadata: { task: ir.task, model_kind: ir.kind } }));
  return { bytes, inputs: [{ name: 'features', type: `float[N,${ir.nFeatures}]` }], outputs };
}

export async function exportModel(opts: ExportModelOptions): Promise<ExportResult> {
  const ir = isFitted(opts.model) ? opts.model.toExportIR() : opts.model;
  if (opts.sample.cols !== ir.nFeatures) {
    throw new AskmlError('BAD_ARGUMENT', `The check sample has ${opts.sample.cols} columns; the model reads ${ir.nFeatures}.`);
  }
  const expected = opts.expected ?? (isFitted(opts.model) ? inProcessPrediction(opts.model, opts.sample) : undefined);
  if (!expected) {
    throw new AskmlError('BAD_ARGUMENT', 'exportModel needs `expected` in-process predictions when given a bare IR.', {
      hint: 'Pass the fitted model instead, or its predictions on `sample`.',
    });
  }
  const built = buildModelOnnx(ir);
  const verification = await assertExportMatches({
    onnx: built.bytes,
    inProcess: expected,
    inputs: { features: { data: toFloat32Dense(opts.sample), dims: [opts.sample.rows, opts.sample.cols] } },
    relative: ir.kind === 'log_target',
  });
  writeFileAtomic(opts.path, built.bytes);
  return { path: opts.path, bytes: built.bytes.length, inputs: built.inputs, outputs: built.outputs, verification };
}
