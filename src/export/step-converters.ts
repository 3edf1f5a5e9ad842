/**
 * Saved feature steps -> ONNX nodes. Each converter reads graph inputs (one per original column)
 * and returns a double [N, outputs] block; the pipeline exporter concatenates the blocks in step
 * order, exactly as features/pipeline.ts does. Everything is double, as in-process; tree models
 * cast the vector to float32 (their IR's split rule), linear models keep double.
 *
 * Kinds: numeric, datetime_parts, one_hot, ordinal, frequency, target_encoder, tfidf (char
 * analyzer in the graph, word/jieba as a pre-computed float input, see README.md). Anything
 * else is EXPORT_UNSUPPORTED.
 */
import { AskmlError } from '../errors.js';
import type { SavedTransformer } from '../features/types.js';
import {
  DOUBLE, convertFrequency, convertOneHot, convertOrdinal, convertTargetEncoder, type ColumnValue,
} from './category-converters.js';
import { addDateParts } from './datetime-converter.js';
import { attr, type GraphBuilder } from './graph.js';
import { convertTfidfInGraph, tfidfInGraph } from './text-converter.js';

export interface StepContext {
  g: GraphBuilder;
  /** The graph input for an original column. */
  column(name: string): ColumnValue;
  /** The pre-computed float input of a step that cannot run in the graph (TF-IDF). */
  featureInput(step: SavedTransformer): string;
  /** Run char TF-IDF inside the graph when possible (else it is a pre-computed input). */
  textInGraph: boolean;
}

/** How each step kind reads its input columns: as numbers, as category keys, or not at all. */
export const STEP_INPUTS: Record<string, 'number' | 'category' | 'features'> = {
  numeric: 'number',
  datetime_parts: 'number',
  one_hot: 'category',
  ordinal: 'category',
  frequency: 'category',
  target_encoder: 'category',
  tfidf: 'features',
};

export const EXPORTABLE_STEPS = Object.keys(STEP_INPUTS);

export function unsupportedStep(kind: string): AskmlError {
  return new AskmlError(
    'EXPORT_UNSUPPORTED',
    `Feature step '${kind}' has no ONNX converter, so this pipeline cannot be exported.`,
    { choices: EXPORTABLE_STEPS, hint: 'Refit without that step, or export the model on pre-computed features.' },
  );
}

/** Convert one step; returns a double [N, step outputs] value. */
export function convertStep(ctx: StepContext, s: SavedTransformer): string {
  const inputs = (s.inputs as string[] | undefined) ?? [];
  switch (s.kind) {
    case 'numeric':
      return convertNumeric(ctx, s, inputs);
    case 'datetime_parts':
      return addDateParts(ctx.g, s, ctx.column(inputs[0]).value);
    case 'one_hot':
      return convertOneHot(ctx.g, s, ctx.column(inputs[0]));
    case 'ordinal':
      return convertOrdinal(ctx.g, s, ctx.column(inputs[0]));
    case 'frequency':
      return convertFrequency(ctx.g, s, ctx.column(inputs[0]));
    case 'target_encoder':
      return convertTargetEncoder(ctx.g, s, ctx.column(inputs[0]));
    case 'tfidf':
      return ctx.textInGraph && tfidfInGraph(s)
        ? convertTfidfInGraph(ctx.g, s, ctx.column(inputs[0]).value)
        : ctx.g.op('Cast', [ctx.featureInput(s)], { to: attr.int(DOUBLE) });
    default:
      throw unsupportedStep(s.kind);
  }
}

function nums(a: unknown, what: string, k: number): number[] {
  if (!Array.isArray(a) || a.length !== k) throw new AskmlError('EXPORT_UNSUPPORTED', `Saved numeric step: '${what}' should have ${k} entries.`);
  return a.map((v) => (v === null ? NaN : Number(v)));
}

/**
 * numeric: per column t = log1p ? log1p(max(x, 0)) : x; non-finite x -> fill; y = (t - center) / scale;
 * optional indicator 1/0 after the value. Vectorised over the step's columns, then reordered.
 */
function convertNumeric(ctx: StepContext, s: SavedTransformer, inputs: string[]): string {
  const { g } = ctx;
  const k = inputs.length;
  if (k === 0) throw new AskmlError('EXPORT_UNSUPPORTED', 'Saved numeric step reads no columns.');
  const fill = nums(s.fill, 'fill', k);
  const center = nums(s.center, 'center', k);
  const scale = nums(s.scale, 'scale', k);
  const log = (s.log1p as boolean[] | undefined) ?? new Array(k).fill(false);
  const ind = (s.indicator as boolean[] | undefined) ?? new Array(k).fill(false);
  const dbl = (hint: string, data: ArrayLike<number>) => g.constant(hint, { type: 'double', dims: [data.length], data });
  const cols = inputs.map((c) => ctx.column(c).value);
  const x = k === 1 ? cols[0] : g.op('Concat', cols, { axis: attr.int(1) });
  const miss = g.op('Or', [g.op('IsNaN', [x]), g.op('IsInf', [x])]);
  let t = x;
  if (log.some(Boolean)) {
    const logged = g.op('Log', [g.op('Add', [g.op('Max', [x, dbl('zero', [0])]), dbl('one', [1])])]);
    t = g.op('Where', [g.constant('log_mask', { type: 'bool', dims: [k], data: log.map((b) => (b ? 1 : 0)) }), logged, x]);
  }
  t = g.op('Where', [miss, dbl('fill', fill), t]);
  const yf = g.op('Div', [g.op('Sub', [t, dbl('center', center)]), dbl('scale', scale)]);
  if (!ind.some(Boolean)) return yf;
  // values then indicators, gathered into [x0, (ind0), x1, (ind1), ...]
  const indicators = g.op('Cast', [miss], { to: attr.int(DOUBLE) });
  const both = g.op('Concat', [yf, indicators], { axis: attr.int(1) });
  const order: number[] = [];
  for (let j = 0; j < k; j++) {
    order.push(j);
    if (ind[j]) order.push(k + j);
  }
  return g.op('Gather', [both, g.int64s('order', order)], { axis: attr.int(1) });
}

export { DOUBLE };
