/**
 * The feature Pipeline: a list of steps fitted on training rows only, whose blocks are
 * concatenated into one Matrix (dense row-major without text steps, CSR with any). The fitted
 * pipeline is saved beside the model (toJSON / loadPipeline) and read by the ONNX exporter.
 *
 * Training rows: `fit` keeps the training block (`train`), built by each step's fitTransform
 * when it has one, so out-of-fold target encoding reaches the learner; transform(trainFrame)
 * would instead give the full-train encoding. Call `dropTrain()` once it has been used.
 */
import { AskmlError, throwIfAborted } from '../errors.js';
import { columnNames, findColumn, type Frame } from '../data/frame.js';
import type { Matrix } from '../learners/types.js';
import { loadTransformer } from './registry.js';
import { hstack } from './stack.js';
import type { FeatureBlock, FeatureView, FitContext, FittedTransformer, SavedTransformer, Transformer } from './types.js';

export interface DroppedColumn {
  column: string;
  reason: string;
  /** An identifier left out on request (its reason says the request): predictions still keep it beside each row. */
  id?: true;
}

export interface SavedPipeline {
  kind: 'feature_pipeline';
  version: 1;
  view: FeatureView;
  target: string | null;
  steps: SavedTransformer[];
  dropped: DroppedColumn[];
}

export interface PipelineOptions {
  view: FeatureView;
  target?: string | null;
  dropped?: DroppedColumn[];
}

export class Pipeline {
  constructor(readonly steps: Transformer[], readonly options: PipelineOptions) {}

  async fit(frame: Frame, ctx: FitContext): Promise<FittedPipeline> {
    const fitted: FittedTransformer[] = [];
    const blocks: Matrix[] = [];
    for (const step of this.steps) {
      throwIfAborted(ctx.signal, 'feature pipeline fit');
      if (step.fitTransform) {
        const r = await step.fitTransform(frame, ctx);
        fitted.push(r.fitted);
        blocks.push(r.block.matrix);
      } else {
        const f = await step.fit(frame, ctx);
        fitted.push(f);
        blocks.push(f.transform(frame).matrix);
      }
    }
    const p = new FittedPipeline(fitted, this.options);
    p.train = { names: p.names, matrix: hstack(blocks, frame.nRows) };
    return p;
  }
}

export class FittedPipeline {
  readonly view: FeatureView;
  readonly target: string | null;
  readonly dropped: DroppedColumn[];
  /** The training rows' features from fit (null after load or dropTrain()). */
  train: FeatureBlock | null = null;
  private cachedNames: string[] | null = null;

  constructor(readonly steps: readonly FittedTransformer[], options: PipelineOptions) {
    this.view = options.view;
    this.target = options.target ?? null;
    this.dropped = options.dropped ?? [];
  }

  /** Input columns the pipeline reads, in step order. */
  get inputs(): string[] {
    return [...new Set(this.steps.flatMap((s) => s.inputs))];
  }

  /** Output feature names, in matrix column order. */
  get names(): string[] {
    if (!this.cachedNames) this.cachedNames = this.steps.flatMap((s) => s.outputs as string[]);
    return this.cachedNames;
  }

  get nFeatures(): number {
    return this.steps.reduce((s, t) => s + t.outputs.length, 0);
  }

  /** True when transform returns CSR (some step is TF-IDF). */
  get sparse(): boolean {
    return this.steps.some((s) => s.kind === 'tfidf');
  }

  dropTrain(): void {
    this.train = null;
  }

  /** Throws SCHEMA_MISMATCH naming every missing input column and listing the expected ones. */
  checkColumns(frame: Frame): void {
    const missing = this.inputs.filter((c) => !findColumn(frame, c));
    if (missing.length === 0) return;
    const expected = this.inputs;
    throw new AskmlError(
      'SCHEMA_MISMATCH',
      `Missing input column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}; the feature pipeline expects: ${expected.join(', ')}.`,
      { choices: expected, missing, got: columnNames(frame), hint: 'Pass data with the columns the model was trained on (extra columns are ignored).' },
    );
  }

  transform(frame: Frame): FeatureBlock {
    this.checkColumns(frame);
    const blocks = this.steps.map((s) => s.transform(frame).matrix);
    return { names: this.names, matrix: hstack(blocks, frame.nRows) };
  }

  toJSON(): SavedPipeline {
    return {
      kind: 'feature_pipeline', version: 1, view: this.view, target: this.target,
      steps: this.steps.map((s) => s.toJSON()), dropped: this.dropped,
    };
  }
}

export function loadPipeline(saved: SavedPipeline): FittedPipeline {
  if (saved?.kind !== 'feature_pipeline') {
    throw new AskmlError('VERSION_MISMATCH', `Not a saved feature pipeline (kind '${String(saved?.kind)}').`);
  }
  if (saved.version !== 1) throw new AskmlError('VERSION_MISMATCH', `Saved feature pipeline version ${String(saved.version)}; this askml reads version 1.`);
  if (!Array.isArray(saved.steps)) throw new AskmlError('VERSION_MISMATCH', 'Saved feature pipeline has no steps list; it is damaged or from another tool.');
  return new FittedPipeline(saved.steps.map(loadTransformer), { view: saved.view, target: saved.target, dropped: saved.dropped });
}
