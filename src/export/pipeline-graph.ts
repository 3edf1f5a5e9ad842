/**
 * Plan the graph inputs of a pipeline (one per original column, one per TF-IDF step) and build
 * the whole graph: steps -> Concat -> model, per branch, then the weighted average of branches.
 */
import { AskmlError } from '../errors.js';
import type { ColumnType } from '../data/frame.js';
import type { SavedTransformer } from '../features/types.js';
import type { ColumnValue } from './category-converters.js';
import { GraphBuilder, attr } from './graph.js';
import type { ModelIR } from './ir.js';
import { addFinalOutputs, addModel, outputTensor, type ModelOutput } from './model-converters.js';
import { DEFAULT_OPSETS, TEXT_OPSETS, writeOnnxModel } from './onnx-writer.js';
import { tfidfInGraph } from './text-converter.js';
import { STEP_INPUTS, convertStep, unsupportedStep } from './step-converters.js';
import type { TensorSpec } from './export-model.js';

export interface BranchSpec {
  steps: { saved: SavedTransformer; original: unknown }[];
  ir: ModelIR;
  weight: number;
}

export interface PlannedInput {
  name: string;
  column: string;
  type: 'double' | 'string' | 'float';
  role: 'number' | 'datetime' | 'category' | 'text' | 'tfidf';
  width: number;
  /** The TF-IDF step (fitted or saved) that computes this input. */
  step?: unknown;
}

const RESERVED = new Set(['label', 'probabilities']);

function inputName(column: string, taken: Set<string>): string {
  let name = RESERVED.has(column) ? `${column}_input` : column;
  while (taken.has(name)) name = `${name}_`;
  taken.add(name);
  return name;
}

/** Which inputs the branches need, in column order (TF-IDF inputs after the raw columns). */
export function planInputs(
  branches: BranchSpec[],
  columns: { name: string; type: ColumnType }[],
  textInGraph = true,
): PlannedInput[] {
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  const raw = new Map<string, PlannedInput>();
  const tfidf: PlannedInput[] = [];
  const taken = new Set<string>();
  for (const b of branches) {
    for (const { saved, original } of b.steps) {
      const how = STEP_INPUTS[saved.kind];
      if (!how) throw unsupportedStep(saved.kind);
      const cols = (saved.inputs as string[] | undefined) ?? [];
      if (how === 'features' && textInGraph && tfidfInGraph(saved)) {
        const prev = raw.get(cols[0]);
        if (prev && prev.role !== 'text') {
          throw new AskmlError('EXPORT_UNSUPPORTED', `Column '${cols[0]}' is read both as text and as ${prev.role}; one ONNX input cannot be both.`);
        }
        if (!typeOf.has(cols[0])) throw new AskmlError('COLUMN_NOT_FOUND', `TF-IDF reads column '${cols[0]}', which is not among the export columns.`, { choices: [...typeOf.keys()] });
        raw.set(cols[0], { name: cols[0], column: cols[0], type: 'string', role: 'text', width: 1 });
        continue;
      }
      if (how === 'features') {
        const vocab = saved.vocabulary as string[];
        const same = tfidf.find((t) => t.column === cols[0] && JSON.stringify((t.step as { saved: SavedTransformer }).saved) === JSON.stringify(saved));
        if (!same) tfidf.push({ name: `${cols[0]}__tfidf`, column: cols[0], type: 'float', role: 'tfidf', width: vocab.length, step: { saved, original } });
        continue;
      }
      for (const c of cols) {
        const t = typeOf.get(c);
        if (!t) throw new AskmlError('COLUMN_NOT_FOUND', `Feature step '${saved.kind}' reads column '${c}', which is not among the export columns.`, { choices: [...typeOf.keys()] });
        const type: PlannedInput['type'] = how === 'category' && (t === 'categorical' || t === 'text') ? 'string' : 'double';
        const role: PlannedInput['role'] = saved.kind === 'datetime_parts' ? 'datetime' : how === 'category' ? 'category' : 'number';
        const prev = raw.get(c);
        if (prev && (prev.type !== type || prev.role === 'text')) {
          throw new AskmlError('EXPORT_UNSUPPORTED', `Column '${c}' is read both as numbers and as category strings; one ONNX input cannot be both.`);
        }
        if (!prev || role === 'datetime') raw.set(c, { name: c, column: c, type, role, width: 1 });
      }
    }
  }
  const ordered = columns.filter((c) => raw.has(c.name)).map((c) => raw.get(c.name) as PlannedInput);
  for (const p of ordered) p.name = inputName(p.column, taken);
  for (const t of tfidf) {
    t.name = inputName(t.name, taken);
    t.step = (t.step as { original: unknown }).original;
  }
  return [...ordered, ...tfidf];
}

export interface BuiltPipeline {
  bytes: Uint8Array;
  opsets: { domain: string; version: number }[];
  plan: PlannedInput[];
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

export function buildPipelineGraph(opts: {
  branches: BranchSpec[];
  columns: { name: string; type: ColumnType }[];
  metadata?: Record<string, string>;
  /** Also output each branch's feature vector as `features_<i>` (tests and debugging). */
  exposeFeatures?: boolean;
  /** Char TF-IDF inside the graph (default true); false makes every TF-IDF a float input. */
  textInGraph?: boolean;
  /** Classification: the label is the argmax of the probabilities times these. */
  decisionWeights?: readonly number[] | null;
}): BuiltPipeline {
  const { branches } = opts;
  const textInGraph = opts.textInGraph ?? true;
  const plan = planInputs(branches, opts.columns, textInGraph);
  const g = new GraphBuilder();
  const byColumn = new Map<string, ColumnValue>();
  const tfidfInputs: { input: PlannedInput; saved: SavedTransformer }[] = [];
  const metadata: Record<string, string> = { ...opts.metadata };
  for (const p of plan) {
    g.addInput(p.name, p.type, [null, p.width]);
    if (p.role === 'tfidf') {
      const st = p.step as { toJSON?: () => SavedTransformer };
      const saved = typeof st.toJSON === 'function' ? st.toJSON() : (p.step as SavedTransformer);
      tfidfInputs.push({ input: p, saved });
      metadata[`askml.tfidf.${p.name}`] = JSON.stringify(saved);
    } else byColumn.set(p.column, { value: p.name, type: p.type as 'double' | 'string' });
  }
  g.reserve('label');
  g.reserve('probabilities');
  const outs: { out: ModelOutput; weight: number }[] = [];
  const featureCache = new Map<string, string>();
  for (const b of branches) {
    // members on the same pipeline (e.g. two tree-view learners) share one feature vector
    const key = JSON.stringify(b.steps.map((st) => st.saved));
    const cached = featureCache.get(key);
    const blocks: string[] = [];
    for (const { saved } of cached ? [] : b.steps) {
      blocks.push(convertStep({
        g,
        textInGraph,
        column: (name) => byColumn.get(name) as ColumnValue,
        featureInput: (s) => {
          const hit = tfidfInputs.find((t) => JSON.stringify(t.saved) === JSON.stringify(s));
          if (!hit) throw new AskmlError('INTERNAL', `No planned input for the TF-IDF step of '${String((s.inputs as string[])[0])}'.`);
          return hit.input.name;
        },
      }, saved));
    }
    const width = b.steps.reduce((s, st) => s + stepWidth(st.saved), 0);
    if (width !== b.ir.nFeatures) {
      throw new AskmlError('EXPORT_UNSUPPORTED', `The feature steps produce ${width} features but the model reads ${b.ir.nFeatures}.`, {
        hint: 'Export the steps the model was trained with (the same fitted pipeline).',
      });
    }
    const features = cached ?? (blocks.length === 1 ? blocks[0] : g.op('Concat', blocks, { axis: attr.int(1) }));
    featureCache.set(key, features);
    if (opts.exposeFeatures) {
      const name = g.reserve(`features_${outs.length}`);
      g.node('Identity', [features], {}, { outputs: [name] });
      g.addOutput(name, 'double', [null, width]);
    }
    outs.push({ out: addModel(g, b.ir, { name: features, type: 'double' }), weight: b.weight });
  }
  const final = combine(g, outs);
  const outputs = addFinalOutputs(g, final, opts.decisionWeights ?? null);
  metadata['askml.inputs'] = JSON.stringify(plan.map((p) => ({ name: p.name, column: p.column, type: p.type, role: p.role })));
  const hasText = plan.some((p) => p.role === 'text');
  const opsets = hasText ? TEXT_OPSETS : undefined;
  const bytes = writeOnnxModel(g.build('askml_pipeline', { metadata, docString: 'askml feature pipeline + model' }), { opsets });
  const inputs = plan.map((p) => ({ name: p.name, type: `${p.type}[N,${p.width}]` }));
  return { bytes, plan, inputs, outputs, opsets: opsets ?? DEFAULT_OPSETS };
}

/** Number of features a saved step produces. */
function stepWidth(s: SavedTransformer): number {
  switch (s.kind) {
    case 'numeric': {
      const ind = (s.indicator as boolean[]) ?? [];
      return (s.inputs as string[]).length + ind.filter(Boolean).length;
    }
    case 'datetime_parts':
      return (s.parts as string[]).length;
    case 'one_hot':
      return (s.categories as string[]).length + 1;
    case 'ordinal':
    case 'frequency':
      return 1;
    case 'target_encoder':
      return (s.prior as number[]).length;
    case 'tfidf':
      return (s.vocabulary as string[]).length;
    default:
      throw unsupportedStep(s.kind);
  }
}

function combine(g: GraphBuilder, outs: { out: ModelOutput; weight: number }[]): ModelOutput {
  const used = outs.filter((o) => o.weight > 0);
  if (used.length === 0) throw new AskmlError('EXPORT_UNSUPPORTED', 'No ensemble member has a positive weight.');
  if (used.length === 1) return used[0].out;
  const kinds = new Set(used.map((o) => o.out.kind));
  if (kinds.size > 1) throw new AskmlError('EXPORT_UNSUPPORTED', 'Ensemble members mix classification and regression.');
  const total = used.reduce((s, o) => s + o.weight, 0);
  const parts = used.map((o) => g.op('Mul', [outputTensor(o.out), g.floats('weight', [o.weight / total], [1])]));
  const sum = g.op('Sum', parts);
  const first = used[0].out;
  return first.kind === 'classification'
    ? { kind: 'classification', probabilities: sum, nClasses: first.nClasses }
    : { kind: 'regression', prediction: sum };
}
