/**
 * Every export is checked against the in-process model before the file is kept: labels equal
 * and probabilities (or regression predictions) within tolerance. A mismatch is
 * AskmlError('EXPORT_MISMATCH'), never a silently wrong artifact.
 */
import { AskmlError } from '../errors.js';
import { scoreOnnx, type OnnxFeed } from './onnx-runtime.js';

/** Probabilities must agree within this absolute tolerance. */
export const PROBA_TOLERANCE = 1e-5;
/** Regression predictions: |diff| <= REGRESSION_TOLERANCE * max(1, max |in-process|) (float32 sums). */
export const REGRESSION_TOLERANCE = 1e-5;
/** A model fitted on log(target): |diff| <= RELATIVE_TOLERANCE * |in-process| on every row. */
export const RELATIVE_TOLERANCE = 1e-4;

export interface InProcessPrediction {
  /** Class index (as float) or regression prediction, one per row. */
  labels: Float64Array;
  /** Row-major [rows, nClasses] probabilities (classification). */
  proba?: Float64Array;
}

export interface VerifyResult {
  rows: number;
  /** Largest |onnx - in-process| over probabilities (classification) or predictions (regression). */
  maxAbsDiff: number;
  labelsEqual: boolean;
  /** Rows whose labels differ; tolerated only when the in-process top-2 probabilities tie within tolerance. */
  labelMismatches: number;
  ok: boolean;
}

export interface VerifyOptions {
  /** Path to the .onnx file, or the model bytes (or `onnxPath`). */
  onnx?: string | Uint8Array;
  onnxPath?: string;
  inProcess: InProcessPrediction;
  inputs: OnnxFeed;
  /**
   * Compare regression predictions row by row relative to their size (a model fitted on
   * log(target)): exp magnifies float32 rounding in proportion to the value, and on a target over
   * many orders of magnitude a tolerance scaled by the largest prediction would not check the small ones.
   */
  relative?: boolean;
}

/** Score `inputs` with onnxruntime-node and compare with the in-process predictions. */
export async function verifyExport(opts: VerifyOptions): Promise<VerifyResult> {
  const model = opts.onnx ?? opts.onnxPath;
  if (model === undefined) throw new AskmlError('BAD_ARGUMENT', 'verifyExport needs `onnx` (path or bytes) or `onnxPath`.');
  const got = await scoreOnnx(model, opts.inputs);
  const want = opts.inProcess;
  const rows = want.labels.length;
  if (got.label.length !== rows) {
    throw new AskmlError('EXPORT_MISMATCH', `The ONNX model returned ${got.label.length} rows for ${rows} inputs.`);
  }
  let maxAbsDiff = 0;
  let mismatches = 0;
  let ok = true;
  if (want.proba) {
    const k = want.proba.length / Math.max(rows, 1);
    if (!got.probabilities || got.nClasses !== k) {
      throw new AskmlError('EXPORT_MISMATCH', `The ONNX model returned ${got.nClasses} probability columns; the in-process model ${k}.`);
    }
    for (let i = 0; i < want.proba.length; i++) {
      const d = Math.abs(got.probabilities[i] - want.proba[i]);
      if (!(d <= maxAbsDiff)) maxAbsDiff = Number.isNaN(d) ? Infinity : d;
    }
    if (maxAbsDiff > PROBA_TOLERANCE) ok = false;
    for (let r = 0; r < rows; r++) {
      if (got.label[r] === want.labels[r]) continue;
      mismatches++;
      const a = want.proba[r * k + got.label[r]];
      const b = want.proba[r * k + want.labels[r]];
      if (!(Math.abs(a - b) <= PROBA_TOLERANCE)) ok = false;
    }
  } else {
    // Float32 tree sums round relative to the size of the partial sums (the base score plus
    // leaf values), not of one row's prediction: scale the tolerance by the largest prediction.
    let scale = 1;
    for (let r = 0; r < rows; r++) if (Math.abs(want.labels[r]) > scale) scale = Math.abs(want.labels[r]);
    for (let r = 0; r < rows; r++) {
      const d = Math.abs(got.label[r] - want.labels[r]);
      const dd = Number.isNaN(d) ? Infinity : d;
      if (dd > maxAbsDiff) maxAbsDiff = dd;
      if (dd > (opts.relative ? RELATIVE_TOLERANCE * Math.abs(want.labels[r]) : REGRESSION_TOLERANCE * scale)) {
        mismatches++;
        ok = false;
      }
    }
  }
  return { rows, maxAbsDiff, labelsEqual: mismatches === 0, labelMismatches: mismatches, ok };
}

/** verifyExport, throwing EXPORT_MISMATCH with the numbers when it fails. */
export async function assertExportMatches(opts: VerifyOptions): Promise<VerifyResult> {
  const v = await verifyExport(opts);
  if (!v.ok) {
    throw new AskmlError(
      'EXPORT_MISMATCH',
      `The exported ONNX model disagrees with the in-process model on ${v.rows} check rows: max |diff| ${v.maxAbsDiff.toExponential(2)}, ${v.labelMismatches} label mismatches. No file was written.`,
      { ...v, hint: 'This is a bug in the exporter for this model or feature step; the in-process model is unaffected.' },
    );
  }
  return v;
}
