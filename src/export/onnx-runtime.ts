/**
 * Scoring exported models with onnxruntime-node. The only module importing onnxruntime-node, so
 * the runtime can be swapped or faked at this one seam. Sessions are cached per file (path +
 * mtime + size) and per byte buffer.
 */
import { statSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { AskmlError } from '../errors.js';

/** One input tensor: Float32Array -> float, Float64Array -> double, strings -> string; dims e.g. [N, 1]. */
export interface OnnxTensorInput {
  data: Float32Array | Float64Array | readonly string[];
  dims: readonly number[];
}

export type OnnxFeed = Record<string, OnnxTensorInput>;

export interface OnnxScores {
  /** Class index for classification, the prediction for regression. */
  label: Float64Array;
  /** Row-major [N, nClasses] for classification models. */
  probabilities?: Float32Array;
  nClasses: number;
}

type Session = ort.InferenceSession;

const byPath = new Map<string, { key: string; session: Promise<Session> }>();
const byBytes = new WeakMap<Uint8Array, Promise<Session>>();

const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
};

/**
 * Graph inputs above which sessions skip onnxruntime's graph optimisation: its passes grow much
 * faster than the graph (a 2,000-column pipeline: 24 s to create a session with 'all', 4.5 s with
 * none), and askml's own sessions only verify and score; a user's runtime chooses its own level.
 */
const WIDE_GRAPH_INPUTS = 256;

/** A cached inference session for a model file or model bytes (`nInputs`: its graph inputs, when known). */
export async function onnxSession(model: string | Uint8Array, nInputs = 0): Promise<Session> {
  const sessionOptions = nInputs > WIDE_GRAPH_INPUTS ? { ...SESSION_OPTIONS, graphOptimizationLevel: 'disabled' as const } : SESSION_OPTIONS;
  try {
    if (typeof model === 'string') {
      const st = statSync(model);
      const key = `${st.mtimeMs}:${st.size}`;
      const hit = byPath.get(model);
      if (hit && hit.key === key) return await hit.session;
      const session = ort.InferenceSession.create(model, sessionOptions);
      byPath.set(model, { key, session });
      return await session;
    }
    let session = byBytes.get(model);
    if (!session) {
      session = ort.InferenceSession.create(model, sessionOptions);
      byBytes.set(model, session);
    }
    return await session;
  } catch (e) {
    if (typeof model === 'string') byPath.delete(model);
    else byBytes.delete(model);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AskmlError('FILE_NOT_FOUND', `ONNX model '${model}' does not exist.`);
    }
    throw new AskmlError('EXPORT_UNSUPPORTED', `onnxruntime-node could not load the model: ${(e as Error).message}`);
  }
}

/** Forget cached sessions (after a file was replaced in the same millisecond, or in tests). */
export function clearOnnxSessions(): void {
  byPath.clear();
}

function toTensor(name: string, input: OnnxTensorInput): ort.Tensor {
  const dims = [...input.dims];
  if (input.data instanceof Float32Array) return new ort.Tensor('float32', input.data, dims);
  if (input.data instanceof Float64Array) return new ort.Tensor('float64', input.data, dims);
  if (Array.isArray(input.data)) return new ort.Tensor('string', input.data as string[], dims);
  throw new AskmlError('BAD_ARGUMENT', `ONNX input '${name}' must be a Float32Array, Float64Array or string array.`);
}

/**
 * The caller's value for input `name`: an own property only (so 'constructor' or 'toString' are
 * never found on Object.prototype). `feed['__proto__'] = v` on a plain object sets the prototype
 * instead of a key, so a column named `__proto__` is read back from there.
 */
function feedValue(inputs: OnnxFeed, name: string): OnnxTensorInput | undefined {
  if (Object.prototype.hasOwnProperty.call(inputs, name)) return inputs[name];
  if (name === '__proto__') {
    const p = Object.getPrototypeOf(inputs) as Partial<OnnxTensorInput> | null;
    if (p && p !== Object.prototype && 'data' in p && 'dims' in p) return p as OnnxTensorInput;
  }
  return undefined;
}

/**
 * onnxruntime's feeds: a prototype-less object with one own property per input, set with
 * defineProperty, so input names such as `__proto__` or `constructor` (data columns can have any
 * name) are plain keys (audit F9: `feeds['__proto__'] = tensor` made the feeds object a Tensor).
 */
function ortFeeds(session: Session, inputs: OnnxFeed): Record<string, ort.Tensor> {
  const missing = session.inputNames.filter((n) => feedValue(inputs, n) === undefined);
  if (missing.length > 0) {
    throw new AskmlError('SCHEMA_MISMATCH', `ONNX inputs missing: ${missing.join(', ')}.`, {
      choices: session.inputNames,
    });
  }
  const feeds = Object.create(null) as Record<string, ort.Tensor>;
  for (const name of session.inputNames) {
    Object.defineProperty(feeds, name, { value: toTensor(name, feedValue(inputs, name)!), enumerable: true, writable: true, configurable: true });
  }
  return feeds;
}

/** Run the model and return every output as { data, dims } (numbers as float arrays, int64 as numbers). */
export async function runOnnx(
  model: string | Uint8Array,
  inputs: OnnxFeed,
): Promise<Record<string, { data: Float32Array | Float64Array | string[]; dims: number[] }>> {
  const session = await onnxSession(model, Object.keys(inputs).length);
  const out = await session.run(ortFeeds(session, inputs));
  const res = Object.create(null) as Record<string, { data: Float32Array | Float64Array | string[]; dims: number[] }>;
  for (const [name, t] of Object.entries(out)) {
    const d = t.data as unknown;
    const data = d instanceof BigInt64Array ? Float64Array.from(d, Number) : (d as Float32Array | Float64Array | string[]);
    Object.defineProperty(res, name, { value: { data, dims: t.dims.map(Number) }, enumerable: true, writable: true, configurable: true });
  }
  return res;
}

/** Run the model on the feed and read `label` (and `probabilities` when present). */
export async function scoreOnnx(model: string | Uint8Array, inputs: OnnxFeed): Promise<OnnxScores> {
  const session = await onnxSession(model, Object.keys(inputs).length);
  const feeds = ortFeeds(session, inputs);
  let out: ort.InferenceSession.ReturnType;
  try {
    out = await session.run(feeds);
  } catch (e) {
    throw new AskmlError('SCHEMA_MISMATCH', `onnxruntime-node failed to score: ${(e as Error).message}`, {
      hint: `Inputs: ${session.inputNames.join(', ')}.`,
    });
  }
  const labelT = out.label;
  if (!labelT) throw new AskmlError('EXPORT_UNSUPPORTED', 'The ONNX model has no `label` output.');
  const raw = labelT.data as ArrayLike<number | bigint>;
  const label = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) label[i] = Number(raw[i]);
  const probT = out.probabilities;
  if (!probT) return { label, nClasses: 1 };
  return {
    label,
    probabilities: probT.data as Float32Array,
    nClasses: Number(probT.dims[probT.dims.length - 1]),
  };
}
