/**
 * Export a whole fitted pipeline (feature steps + model, or several such branches averaged as an
 * ensemble) as ONE ONNX graph whose inputs are the original columns:
 *   numeric / boolean / datetime columns  double [N, 1] (NaN = missing; datetimes as epoch ms UTC)
 *   categorical / text columns read as categories  string [N, 1] ('' = missing)
 *   TF-IDF steps  float [N, vocabulary size] '<column>__tfidf', the pre-computed TF-IDF vector
 *                 (vocabulary, idf and settings are in the model metadata; see README.md)
 * Outputs: `label` and `probabilities` (see model-converters.ts). Verified on `sample` with
 * onnxruntime-node before the file is written atomically.
 */
import { readFileSync } from 'node:fs';
import { AskmlError } from '../errors.js';
import { findColumn, type ColumnType, type Frame } from '../data/frame.js';
import { categoryKey, numericValues, textCell } from '../features/columns.js';
import { dateValues } from '../features/datetime.js';
import { loadTransformer } from '../features/registry.js';
import { hstack } from '../features/stack.js';
import type { FittedTransformer, SavedTransformer } from '../features/types.js';
import type { FittedModel } from '../learners/types.js';
import {
  buildPipelineGraph, type BranchSpec, type PlannedInput,
} from './pipeline-graph.js';
import { inProcessPrediction, toFloat32Dense, type ExportResult } from './export-model.js';
import { weightedArgmax } from '../search/decision.js';
import { writeFileAtomic } from '../util/fs.js';
import type { ModelIR } from './ir.js';
import type { OnnxFeed } from './onnx-runtime.js';
import { readOnnxModel } from './onnx-writer.js';
import { assertExportMatches, type InProcessPrediction } from './verify.js';

type Step = FittedTransformer | SavedTransformer;

/** Anything with fitted steps: a FittedPipeline or a plain list of steps. */
export type StepList = readonly Step[] | { readonly steps: readonly Step[] };

export interface PipelineMember {
  steps: StepList;
  model: FittedModel | ModelIR;
  weight?: number;
}

export interface ExportPipelineOptions {
  path: string;
  /** Single pipeline: its steps and model. */
  steps?: StepList;
  model?: FittedModel | ModelIR;
  /** Or an ensemble of pipelines (e.g. a tree-view and a linear-view member), averaged by weight. */
  members?: PipelineMember[];
  /** Rows to verify on, with the original columns (a few hundred rows is plenty). */
  sample: Frame;
  /** Column types; default: the sample's. */
  columns?: { name: string; type: ColumnType }[];
  /** In-process predictions on `sample`; required unless every step is fitted and every model is a FittedModel. */
  expected?: InProcessPrediction;
  /** Extra metadata_props (e.g. class names, target, askml version). */
  metadata?: Record<string, string>;
  /**
   * Char TF-IDF inside the graph (default true). When that graph disagrees with askml on the
   * sample (e.g. characters whose lower case differs between runtimes), the export falls back
   * to taking the TF-IDF vector as an input, and says so in `textInGraph` of the result.
   */
  textInGraph?: boolean;
  /** Classification: the label output is the argmax of the probabilities times these (TrainedModel.decisionWeights). */
  decisionWeights?: readonly number[] | null;
}

export interface PipelineExportResult extends ExportResult {
  /** True when text columns are raw string inputs (TF-IDF computed in the graph). */
  textInGraph: boolean;
  opsets: { domain: string; version: number }[];
}

function stepArray(s: StepList): readonly Step[] {
  return Array.isArray(s) ? (s as readonly Step[]) : (s as { steps: readonly Step[] }).steps;
}

function isFittedStep(s: Step): s is FittedTransformer {
  return typeof (s as FittedTransformer).transform === 'function';
}

function isFittedModel(m: FittedModel | ModelIR): m is FittedModel {
  return typeof (m as FittedModel).toExportIR === 'function';
}

function membersOf(o: ExportPipelineOptions): PipelineMember[] {
  if (o.members && o.members.length > 0) return o.members;
  if (o.steps && o.model) return [{ steps: o.steps, model: o.model, weight: 1 }];
  throw new AskmlError('BAD_ARGUMENT', 'exportPipeline needs `steps` and `model`, or `members`.');
}

/** The ONNX feed for `frame` under the planned inputs. */
export function pipelineFeed(frame: Frame, inputs: readonly PlannedInput[]): OnnxFeed {
  const feed: OnnxFeed = {};
  const n = frame.nRows;
  for (const inp of inputs) {
    if (inp.role === 'tfidf') {
      const step = inp.step as Step;
      const fitted = isFittedStep(step) ? step : loadTransformer(step);
      const m = fitted.transform(frame).matrix;
      feed[inp.name] = { data: toFloat32Dense(m), dims: [n, m.cols] };
      continue;
    }
    const col = findColumn(frame, inp.column);
    if (!col) throw new AskmlError('COLUMN_NOT_FOUND', `Column '${inp.column}' is not in the data.`, { choices: frame.columns.map((c) => c.name) });
    if (inp.role === 'text') {
      const data = new Array<string>(n);
      for (let i = 0; i < n; i++) data[i] = textCell(col, i);
      feed[inp.name] = { data, dims: [n, 1] };
    } else if (inp.type === 'string') {
      const data = new Array<string>(n);
      for (let i = 0; i < n; i++) data[i] = categoryKey(col, i) ?? '';
      feed[inp.name] = { data, dims: [n, 1] };
    } else {
      const v = inp.role === 'datetime' ? dateValues(col, n) : numericValues(col, n);
      feed[inp.name] = { data: Float64Array.from(v), dims: [n, 1] };
    }
  }
  return feed;
}

/**
 * The feed for `frame` read from an exported file's own metadata (`askml.inputs`, and the
 * TF-IDF steps under `askml.tfidf.*`), so a saved .onnx can score a Frame with nothing else.
 */
export function feedForExported(model: string | Uint8Array, frame: Frame): OnnxFeed {
  const bytes = typeof model === 'string' ? readFileSync(model) : model;
  const meta = readOnnxModel(bytes).metadata;
  const raw = meta['askml.inputs'];
  if (!raw) throw new AskmlError('EXPORT_UNSUPPORTED', 'This ONNX file has no askml.inputs metadata (not an askml pipeline export).');
  const plan = (JSON.parse(raw) as PlannedInput[]).map((p) => {
    if (p.role !== 'tfidf') return { ...p, width: 1 };
    const saved = JSON.parse(meta[`askml.tfidf.${p.name}`] ?? 'null') as SavedTransformer | null;
    if (!saved) throw new AskmlError('EXPORT_UNSUPPORTED', `TF-IDF settings for input '${p.name}' are missing from the file.`);
    return { ...p, width: (saved.vocabulary as string[]).length, step: saved };
  });
  return pipelineFeed(frame, plan);
}

/** In-process predictions of the members on `frame` (weighted average, argmax labels). */
function expectedOf(members: PipelineMember[], frame: Frame): InProcessPrediction | undefined {
  const preds: { w: number; p: InProcessPrediction }[] = [];
  for (const m of members) {
    const steps = stepArray(m.steps);
    if (!isFittedModel(m.model) || !steps.every(isFittedStep)) return undefined;
    const X = hstack(steps.map((s) => (s as FittedTransformer).transform(frame).matrix), frame.nRows);
    preds.push({ w: m.weight ?? 1, p: inProcessPrediction(m.model, X) });
  }
  const used = preds.filter((p) => p.w > 0);
  if (used.length === 1) return used[0].p;
  const total = used.reduce((s, p) => s + p.w, 0);
  const cls = used[0].p.proba !== undefined;
  const src = (p: InProcessPrediction) => (cls ? (p.proba as Float64Array) : p.labels);
  const avg = new Float64Array(src(used[0].p).length);
  for (const { w, p } of used) {
    const v = src(p);
    for (let i = 0; i < avg.length; i++) avg[i] += (w / total) * v[i];
  }
  if (!cls) return { labels: avg };
  const rows = frame.nRows;
  const k = avg.length / rows;
  const labels = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (avg[r * k + c] > avg[r * k + best]) best = c;
    labels[r] = best;
  }
  return { labels, proba: avg };
}

/**
 * Tree node values an export may hold. The converters keep JS arrays of every node attribute
 * and onnxruntime loads the whole file for the check: letter's 108-tree extra_trees (25M values,
 * a 106 MB file) took 3 s to encode, 5 s to verify and 2.3 GB of memory; beyond this limit the
 * export fails cleanly instead of risking the heap.
 */
export const MAX_EXPORT_TREE_VALUES = 3e7;

function treeValues(ir: ModelIR): number {
  if (ir.kind === 'trees') return ir.trees.reduce((a, t) => a + t.value.length + 4 * t.feature.length, 0);
  if (ir.kind === 'ensemble') return ir.members.reduce((a, m) => a + treeValues(m.model), 0);
  if (ir.kind === 'log_target') return treeValues(ir.inner);
  return 0;
}

/** Refuse (EXPORT_UNSUPPORTED) models with more than `limit` tree node values. */
export function checkExportSize(irs: ModelIR[], limit = MAX_EXPORT_TREE_VALUES): void {
  const n = irs.reduce((a, ir) => a + treeValues(ir), 0);
  if (n > limit) {
    throw new AskmlError('EXPORT_UNSUPPORTED', `The model is too large to export to ONNX (${(n / 1e6).toFixed(1)}M tree node values; the limit is ${limit / 1e6}M).`, {
      hint: 'The saved model still predicts (askml predict). For an ONNX file, search again with fewer or shallower trees, e.g. exclude forests or use gbdt.',
    });
  }
}

/**
 * Why a model cannot be exported to ONNX (a member whose learner has no ONNX form, e.g. knn), else
 * null. Only a probe: any other failure is left for the export itself to report.
 */
export function exportUnsupported(model: { members: readonly { model: FittedModel }[] }): string | null {
  try {
    for (const m of model.members) m.model.toExportIR();
  } catch (e) {
    if (e instanceof AskmlError && e.code === 'EXPORT_UNSUPPORTED') return e.message;
  }
  return null;
}

/** A member's export form; in an ensemble, a member that has none is named as one member of several. */
function memberIR(model: FittedModel, nMembers: number): ModelIR {
  try {
    return model.toExportIR();
  } catch (e) {
    if (!(e instanceof AskmlError) || e.code !== 'EXPORT_UNSUPPORTED' || nMembers < 2) throw e;
    throw new AskmlError('EXPORT_UNSUPPORTED', `The saved model averages ${nMembers} fitted models (an ensemble, or bagged fold models), and one of them cannot be exported: ${e.message}`, {
      hint: `The saved model still predicts (askml predict). For an ONNX file, search again without that learner (e.g. askml search ... --exclude knn; search_model exclude_learners), or tune another learner of the run.`,
    });
  }
}

/** Build, verify and write the pipeline's ONNX file. */
export async function exportPipeline(o: ExportPipelineOptions): Promise<PipelineExportResult> {
  const members = membersOf(o);
  const columns = o.columns ?? o.sample.columns.map((c) => ({ name: c.name, type: c.type }));
  const branches: BranchSpec[] = members.map((m) => ({
    steps: stepArray(m.steps).map((s) => ({ saved: isFittedStep(s) ? s.toJSON() : s, original: s })),
    ir: isFittedModel(m.model) ? memberIR(m.model, members.length) : m.model,
    weight: m.weight ?? 1,
  }));
  checkExportSize(branches.map((b) => b.ir));
  let expected = o.expected ?? expectedOf(members, o.sample);
  const weights = o.decisionWeights ?? null;
  if (expected?.proba && weights) expected = { ...expected, labels: weightedArgmax(expected.proba, weights.length, weights) };
  if (!expected) {
    throw new AskmlError('BAD_ARGUMENT', 'exportPipeline needs `expected` predictions when steps are saved JSON or the model is a bare IR.', {
      hint: 'Pass fitted steps and a FittedModel, or the in-process predictions on `sample`.',
    });
  }
  let textInGraph = o.textInGraph ?? true;
  const relative = branches.some((b) => b.ir.kind === 'log_target');
  let built = buildPipelineGraph({ branches, columns, metadata: o.metadata, textInGraph, decisionWeights: weights });
  let verification;
  try {
    verification = await assertExportMatches({ onnx: built.bytes, inProcess: expected, inputs: pipelineFeed(o.sample, built.plan), relative });
  } catch (e) {
    const hadText = built.plan.some((p) => p.role === 'text');
    if (!(e instanceof AskmlError && e.code === 'EXPORT_MISMATCH' && hadText)) throw e;
    textInGraph = false;
    built = buildPipelineGraph({ branches, columns, metadata: o.metadata, textInGraph, decisionWeights: weights });
    verification = await assertExportMatches({ onnx: built.bytes, inProcess: expected, inputs: pipelineFeed(o.sample, built.plan), relative });
  }
  writeFileAtomic(o.path, built.bytes);
  textInGraph = built.plan.some((p) => p.role === 'text');
  return {
    path: o.path, bytes: built.bytes.length, inputs: built.inputs, outputs: built.outputs, verification,
    textInGraph, opsets: built.opsets,
  };
}
