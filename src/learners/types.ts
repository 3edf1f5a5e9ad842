/**
 * The learner contract (scikit-learn's fit/predict, FLAML's per-learner search space).
 *
 * Learners see only numbers: a feature matrix and a target vector. Class labels, column names
 * and preprocessing live in the feature pipeline, not here.
 */
import type { ExportIR } from '../export/ir.js';

/** Row-major dense matrix. Missing values are NaN. */
export interface DenseMatrix {
  kind: 'dense';
  rows: number;
  cols: number;
  data: Float64Array | Float32Array;
}

/** Compressed sparse rows (text features). Absent entries are 0. */
export interface CsrMatrix {
  kind: 'csr';
  rows: number;
  cols: number;
  indptr: Int32Array; // length rows + 1
  indices: Int32Array; // column of each stored value, ascending within a row
  data: Float64Array | Float32Array;
}

export type Matrix = DenseMatrix | CsrMatrix;

export type TaskType = 'binary' | 'multiclass' | 'regression';

/** Target: class index 0..nClasses-1 for classification (as a float), the value for regression. */
export interface Target {
  task: TaskType;
  y: Float64Array;
  /** 2+ for classification, 1 for regression. */
  nClasses: number;
}

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

export type ParamSpec =
  | { type: 'float'; low: number; high: number; log?: boolean }
  | { type: 'int'; low: number; high: number; log?: boolean }
  | { type: 'choice'; values: readonly ParamValue[] };

export interface SearchSpace {
  params: Record<string, ParamSpec>;
  /** Cheapest configuration that is still reasonable: where cost-frugal search starts. */
  init: Params;
  /** A good general-purpose configuration (what a user gets without search). */
  default: Params;
  /**
   * Rough fit-time ratio of `default` to `init` on the same rows (the search tries the default
   * right after init when it is affordable). Absent: about the same cost.
   */
  defaultCostRatio?: number;
}

/** What a learner needs to know about the data to shape its space. */
export interface DataShape {
  rows: number;
  cols: number;
  task: TaskType;
  nClasses: number;
  sparse: boolean;
}

export interface FitOptions {
  seed: number;
  signal?: AbortSignal;
  sampleWeight?: Float64Array;
  /** Validation data for early stopping (boosting). Never the test split. */
  evalSet?: { X: Matrix; y: Target };
  /** Stop after this many rounds without improvement on evalSet (boosting). */
  earlyStoppingRounds?: number;
  /**
   * A wall-clock time (Date.now() ms). Learners that add rounds or trees (boosting, forests) stop
   * adding them once it has passed and return the model built so far (at least one round or
   * tree), with `stopped_by_time: 1` in its info(); others ignore it. The search sets it shortly
   * before a trial's time limit, so a slow configuration yields a smaller model rather than none.
   */
  stopBy?: number;
}

export interface FittedModel {
  readonly learner: string;
  readonly task: TaskType;
  readonly nClasses: number;
  readonly nFeatures: number;
  /** Class index (as float) for classification, value for regression. */
  predict(X: Matrix): Float64Array;
  /** Row-major rows x nClasses probabilities; rows sum to 1. Classification only. */
  predictProba?(X: Matrix): Float64Array;
  /** Per-feature importance (gain or |coef|), length nFeatures, when the model has one. */
  featureImportance?(): Float64Array;
  /** Learned parameters that matter for reports (e.g. best iteration after early stopping). */
  info?(): Record<string, ParamValue>;
  /** JSON-safe serialisation; `learner.load(json)` returns an equivalent model. */
  toJSON(): SavedModel;
  /** The model in the export IR, or throws AskmlError('EXPORT_UNSUPPORTED'). */
  toExportIR(): ExportIR;
}

export interface SavedModel {
  learner: string;
  version: number;
  [key: string]: unknown;
}

export interface Learner {
  readonly name: string;
  /** One line for people and for the LLM: what it is and when it shines. */
  readonly description: string;
  readonly tasks: readonly TaskType[];
  /** Which feature view it is trained on (see features/types.ts). */
  readonly view: 'tree' | 'linear';
  /** 'dense' learners cannot take CSR input; the search densifies only when it is small. */
  readonly input: 'dense' | 'sparse' | 'both';
  /** Searched only when asked for by name or family (e.g. a single tree for interpretability). */
  readonly onRequest?: boolean;
  /** It stops early on FitOptions.evalSet (boosting): the search gives it rows to stop on. */
  readonly earlyStopping?: boolean;
  /** Can it run on this data at all (e.g. kNN only for small dense data)? */
  suitable?(shape: DataShape): boolean;
  space(shape: DataShape): SearchSpace;
  fit(X: Matrix, y: Target, params: Params, opts: FitOptions): Promise<FittedModel>;
  load(saved: SavedModel): FittedModel;
}
