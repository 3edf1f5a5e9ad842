/**
 * One trial: fit a learner configuration on each validation fold and score it out of fold.
 * Runs inside a worker thread (trial-worker.ts) but is plain code, callable in-process too.
 */
import { getLearner } from '../learners/registry.js';
import type { FeatureView } from '../features/types.js';
import type { FitOptions, FittedModel, Learner, Matrix, ParamValue, Params, SavedModel, TaskType, Target } from '../learners/types.js';
import { argmaxRows, logLoss, metricLoss, scoreMetric, type MetricName } from '../evaluate/metrics.js';
import { densify, takeRows } from '../learners/sparse.js';
import { takeValues } from './matrix-ops.js';
import { foldRows, type ValidationPlan } from './validation.js';
import { CLASS_WEIGHT_KEY, TARGET_TRANSFORM_KEY } from './learner-search.js';
import { LogTargetModel, logTarget as logTarget_ } from '../learners/log-target.js';

export interface TrialData {
  views: Partial<Record<FeatureView, Matrix>>;
  y: Float64Array;
  task: TaskType;
  nClasses: number;
  plan: ValidationPlan;
  /** Fresh fold assignments for re-validating finalists (cv only); request `repeat` r uses [r - 1]. */
  repeats?: ValidationPlan[];
  metric: MetricName;
}

export interface TrialRequest {
  id: number;
  learner: string;
  params: Params;
  sampleSize: number;
  seed: number;
  earlyStoppingRounds: number;
  /** Return the (first-fold) fitted model when the trial's loss is below this. */
  wantModelBelow: number;
  /** 0 / absent: the search folds; r >= 1: the fresh folds data.repeats[r - 1] (revalidate.ts). */
  repeat?: number;
  /**
   * Milliseconds from the trial's start after which boosting and forests stop adding rounds or
   * trees (FitOptions.stopBy), shared out over the folds still to fit; the trial is then scored on
   * what was built (info.stopped_by_time: how many folds stopped so).
   */
  timeLimitMs?: number;
}

export interface TrialOutcome {
  id: number;
  ok: boolean;
  foldScores: number[];
  score: number;
  loss: number;
  fitSeconds: number;
  /** Out-of-fold predictions, rows of plan.validRows x width (nClasses, or 1 for regression). */
  oof: Float64Array | null;
  info: Record<string, ParamValue>;
  model: SavedModel | null;
  /**
   * Resident memory (RSS, MB) of the askml process when the trial finished, read in its worker
   * thread: all threads' memory, not the trial's own use (threads share one process). 0 when the
   * trial threw (trial-worker.ts) or was cut at its time limit (search-core.ts).
   */
  memoryMB: number;
  /** Mean fold log loss (classification), a tie-breaker for label metrics; null otherwise. */
  aux: number | null;
  error?: string;
}

const denseCache = new WeakMap<Matrix, Matrix>();

export function viewMatrix(data: TrialData, learnerName: string): Matrix {
  const learner = getLearner(learnerName);
  // The learner's own view only: another view's columns would fit a model its pipeline cannot feed.
  const m = data.views[learner.view];
  if (!m) throw new Error(`no ${learner.view} feature matrix for ${learnerName}`);
  if (learner.input === 'dense' && m.kind === 'csr') {
    let d = denseCache.get(m);
    if (!d) {
      d = densify(m);
      denseCache.set(m, d);
    }
    return d;
  }
  return m;
}

/** Split off the search-only keys: the class-weight choice and the target transform. */
export function learnerParams(params: Params): { params: Params; balanced: boolean; logTarget: boolean } {
  const { [CLASS_WEIGHT_KEY]: cw, [TARGET_TRANSFORM_KEY]: tt, ...rest } = params;
  return { params: rest, balanced: cw === 'balanced', logTarget: tt === 'log' };
}

/**
 * Fit `learner` as asked, on log(y) when `logTarget` (then wrapped to predict exp, clipped to the
 * fitted rows' range; an evalSet's target is logged too, so boosting stops on the same scale).
 */
async function fitMaybeLog(learner: Learner, X: Matrix, y: Target, params: Params, logTarget: boolean, opts: FitOptions): Promise<FittedModel> {
  if (!logTarget) return learner.fit(X, y, params, opts);
  const lt = logTarget_(y.y);
  const evalSet = opts.evalSet && { X: opts.evalSet.X, y: { ...opts.evalSet.y, y: logTarget_(opts.evalSet.y.y).y } };
  const inner = await learner.fit(X, { ...y, y: lt.y }, params, { ...opts, evalSet });
  return new LogTargetModel(inner, lt.range);
}

export function balancedWeights(y: Float64Array, nClasses: number): Float64Array {
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < y.length; i++) counts[y[i]]++;
  const w = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) w[i] = y.length / (nClasses * counts[y[i]]);
  return w;
}

function predictRows(model: FittedModel, X: Matrix, width: number, task: TaskType): Float64Array {
  if (task === 'regression') return model.predict(X);
  if (model.predictProba) return model.predictProba(X);
  const labels = model.predict(X);
  const out = new Float64Array(labels.length * width);
  for (let i = 0; i < labels.length; i++) out[i * width + labels[i]] = 1;
  return out;
}

interface FoldData {
  Xtr: Matrix;
  Xva: Matrix;
  ytr: Float64Array;
  yva: Float64Array;
  train: Int32Array;
  valid: Int32Array;
  /** The training rows split for early stopping (esSplit), once asked for; null: too few rows. */
  es?: EsSplit;
}
type EsSplit = { X: Matrix; y: Target; Xes: Matrix; yes: Target; fitPos: Int32Array } | null;
/** Per-worker cache of fold matrices (the row subsets are the same for every trial). */
const foldCache = new Map<string, FoldData>();
const matrixIds = new WeakMap<Matrix, number>();
let nextMatrixId = 0;

function planOf(data: TrialData, repeat: number | undefined): ValidationPlan {
  if (!repeat) return data.plan;
  const p = data.repeats?.[repeat - 1];
  if (!p) throw new Error(`no fold assignment for repeat ${repeat}`);
  return p;
}

/**
 * Under cv, boosting stops early on every ES_EVERY-th training row of the fold; on large folds
 * sparser, about ES_MAX_ROWS rows being enough to find the stopping round; and not at all when
 * that leaves fewer than ES_MIN_ROWS rows.
 */
const ES_EVERY = 10;
const ES_MAX_ROWS = 1000;
const ES_MIN_ROWS = 20;

/** The fold's training rows split into rows to fit and rows to stop on (cached with the fold). */
function esSplit(fd: FoldData, data: TrialData): EsSplit {
  if (fd.es !== undefined) return fd.es;
  const m = fd.ytr.length;
  let out: EsSplit = null;
  const every = Math.max(ES_EVERY, Math.ceil(m / ES_MAX_ROWS));
  if (Math.floor(m / every) >= ES_MIN_ROWS) {
    const fitPos: number[] = [];
    const esPos: number[] = [];
    for (let j = 0; j < m; j++) (j % every === every - 1 ? esPos : fitPos).push(j);
    const fp = Int32Array.from(fitPos);
    const ep = Int32Array.from(esPos);
    const t = (y: Float64Array): Target => ({ task: data.task, y, nClasses: data.nClasses });
    out = { X: takeRows(fd.Xtr, fp), y: t(takeValues(fd.ytr, fp)), Xes: takeRows(fd.Xtr, ep), yes: t(takeValues(fd.ytr, ep)), fitPos: fp };
  }
  fd.es = out;
  return out;
}

function foldData(data: TrialData, plan: ValidationPlan, repeat: number, X: Matrix, f: number, sampleSize: number): FoldData {
  let mid = matrixIds.get(X);
  if (mid === undefined) {
    mid = nextMatrixId++;
    matrixIds.set(X, mid);
  }
  const key = `${mid}|${repeat}|${f}|${plan.kind === 'holdout' ? sampleSize : 0}`;
  let hit = foldCache.get(key);
  if (!hit) {
    const { train, valid } = foldRows(plan, f, sampleSize);
    hit = { Xtr: takeRows(X, train), Xva: takeRows(X, valid), ytr: takeValues(data.y, train), yva: takeValues(data.y, valid), train, valid };
    // cv data is small (< 1M cells): room for the search folds and the re-validation folds.
    if (foldCache.size >= (plan.kind === 'cv' ? 32 : 12)) foldCache.delete(foldCache.keys().next().value!);
    foldCache.set(key, hit);
  }
  return hit;
}

/**
 * Fit one fold's model exactly as a trial does. Boosting stops early on rows it is not scored on:
 * with cv, every 10th training row of the fold, at most ~1,000 (stopping on the scored fold
 * flatters the score and the out-of-fold predictions the ensemble is built from). A holdout's
 * validation rows are used as they are.
 */
async function fitFold(
  data: TrialData,
  learner: Learner,
  params: Params,
  balanced: boolean,
  logTarget: boolean,
  fd: FoldData,
  seed: number,
  earlyStoppingRounds: number,
  signal?: AbortSignal,
  stopBy?: number,
): Promise<FittedModel> {
  // Learners never mutate inputs (contract), so cached fold matrices can be shared.
  const ytr: Target = { task: data.task, y: fd.ytr, nClasses: data.nClasses };
  const sampleWeight = balanced && data.task !== 'regression' ? balancedWeights(ytr.y, data.nClasses) : undefined;
  // Re-validation folds (data.repeats) exist only for cv plans, so data.plan tells cv from holdout.
  const inner = learner.earlyStopping && earlyStoppingRounds > 0 && data.plan.kind === 'cv' ? esSplit(fd, data) : undefined;
  const [fitX, fitY, fitW] = inner ? [inner.X, inner.y, sampleWeight && takeValues(sampleWeight, inner.fitPos)] : [fd.Xtr, ytr, sampleWeight];
  // inner === null: a fold too small to hold rows back; boosting runs its configured rounds.
  const evalSet = inner ? { X: inner.Xes, y: inner.yes } : inner === null ? undefined : { X: fd.Xva, y: { task: data.task, y: fd.yva, nClasses: data.nClasses } };
  const fitted = await fitMaybeLog(learner, fitX, fitY, params, logTarget, { seed, signal, sampleWeight: fitW, evalSet, earlyStoppingRounds, stopBy });
  // Guard: a booster whose early stopping kept no round at all (its eval loss never became
  // finite) is refit without early stopping rather than scored as the class prior.
  const fi = fitted.info?.();
  if (earlyStoppingRounds > 0 && fi && fi.trees === 0 && Number(fi.iterations) > 0) {
    return fitMaybeLog(learner, fd.Xtr, ytr, params, logTarget, { seed, signal, sampleWeight, stopBy });
  }
  return fitted;
}

export async function runTrial(data: TrialData, req: TrialRequest, signal?: AbortSignal): Promise<TrialOutcome> {
  const t0 = performance.now();
  const learner = getLearner(req.learner);
  const X = viewMatrix(data, req.learner);
  const { params, balanced, logTarget } = learnerParams(req.params);
  const width = data.task === 'regression' ? 1 : data.nClasses;
  const plan = planOf(data, req.repeat);
  const oof = new Float64Array(plan.validRows.length * width);
  const position = new Int32Array(data.y.length).fill(-1);
  for (let i = 0; i < plan.validRows.length; i++) position[plan.validRows[i]] = i;
  const foldScores: number[] = [];
  let auxSum = 0;
  const infos: Record<string, ParamValue>[] = [];
  let model: SavedModel | null = null;
  let firstModel: FittedModel | null = null;
  const endBy = req.timeLimitMs === undefined ? undefined : Date.now() + req.timeLimitMs;
  let foldsStopped = 0;
  for (let f = 0; f < plan.k; f++) {
    const fd = foldData(data, plan, req.repeat ?? 0, X, f, req.sampleSize);
    const { Xva, valid, yva } = fd;
    // Each fold still to fit gets an equal share of the time left.
    const stopBy = endBy === undefined ? undefined : Date.now() + (endBy - Date.now()) / (plan.k - f);
    const fitted = await fitFold(data, learner, params, balanced, logTarget, fd, req.seed + f, req.earlyStoppingRounds, signal, stopBy);
    const pred = predictRows(fitted, Xva, width, data.task);
    for (let i = 0; i < valid.length; i++) {
      const at = position[valid[i]] * width;
      for (let c = 0; c < width; c++) oof[at + c] = pred[i * width + c];
    }
    const labels = data.task === 'regression' ? pred : argmaxRows(pred, width);
    foldScores.push(scoreFold(data, yva, labels, pred));
    if (data.task !== 'regression') auxSum += logLoss(yva, pred, width);
    const fi = fitted.info?.();
    if (fi) infos.push(fi);
    if (stoppedByTime(fi)) foldsStopped++;
    if (f === 0) firstModel = fitted;
  }
  const info = mergeInfo(infos);
  delete info.stopped_by_time;
  if (foldsStopped > 0) info.stopped_by_time = foldsStopped;
  const score = foldScores.reduce((a, b) => a + b, 0) / foldScores.length;
  const loss = Number.isFinite(score) ? metricLoss(data.metric, score) : Infinity;
  if (firstModel && loss < req.wantModelBelow) model = firstModel.toJSON();
  return {
    id: req.id,
    ok: Number.isFinite(loss),
    foldScores,
    score,
    loss,
    fitSeconds: (performance.now() - t0) / 1000,
    oof,
    info,
    model,
    memoryMB: Math.round(process.memoryUsage().rss / 1e6),
    aux: data.task === 'regression' ? null : auxSum / plan.k,
  };
}

function scoreFold(data: TrialData, y: Float64Array, labels: Float64Array, pred: Float64Array): number {
  const width = data.task === 'regression' ? 1 : data.nClasses;
  return scoreMetric(data.metric, y, labels, data.task === 'regression' ? null : pred, width === 1 ? 1 : data.nClasses);
}

/** Numeric info averaged over folds (e.g. the best boosting iteration after early stopping). */
export function mergeInfo(infos: Record<string, ParamValue>[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  if (infos.length === 0) return out;
  for (const key of Object.keys(infos[0])) {
    const vals = infos.map((i) => i[key]);
    if (vals.every((v) => typeof v === 'number')) {
      out[key] = (vals as number[]).reduce((a, b) => a + b, 0) / vals.length;
    } else out[key] = vals[0];
  }
  return out;
}

/**
 * Params for the final refit on all rows: a boosting model that stopped early on validation
 * folds is refit with its best iteration count (scaled up a little for the larger data).
 */
export function refitParams(params: Params, info: Record<string, ParamValue>): Params {
  const out = { ...params };
  const best = info.bestIteration ?? info.best_iteration ?? info.nRounds ?? info.n_rounds;
  if (typeof best === 'number' && best > 0) {
    for (const key of ['n_estimators', 'nEstimators', 'rounds', 'n_rounds', 'num_rounds']) {
      if (typeof out[key] === 'number') {
        out[key] = Math.max(1, Math.min(out[key] as number, Math.round(best * 1.1)));
      }
    }
  }
  return out;
}

/** Was the trial stopped by its time limit in some fold (and scored on what it built)? */
export function stoppedByTime(info: Record<string, ParamValue> | undefined): boolean {
  return Number(info?.stopped_by_time) > 0;
}

/**
 * The params of what a trial built. One stopped by its time limit (info.stopped_by_time) built
 * fewer rounds or trees than its params ask for; refits and re-validation cap n_estimators at
 * what it built (the mean over folds), so their cost and model stay those of the trial.
 */
export function builtParams(params: Params, info: Record<string, ParamValue>): Params {
  if (!stoppedByTime(info) || typeof params.n_estimators !== 'number') return params;
  const built = typeof info.iterations === 'number' ? info.iterations : info.trees;
  if (typeof built !== 'number' || !(built >= 1)) return params;
  return { ...params, n_estimators: Math.min(params.n_estimators, Math.ceil(built)) };
}

export interface RefitRequest {
  learner: string;
  params: Params;
  seed: number;
  /**
   * Absent: fit on all rows. A fold index: refit that cv fold's model exactly as the trial with
   * this `seed` fitted it (bagging: the final model averages the k fold models).
   */
  fold?: number;
  earlyStoppingRounds?: number;
}

export async function refitModel(data: TrialData, req: RefitRequest, signal?: AbortSignal): Promise<{ model: SavedModel; seconds: number }> {
  const t0 = performance.now();
  const learner = getLearner(req.learner);
  const X = viewMatrix(data, req.learner);
  const { params, balanced, logTarget } = learnerParams(req.params);
  let fitted: FittedModel;
  if (req.fold !== undefined) {
    if (data.plan.kind !== 'cv' || !(req.fold >= 0 && req.fold < data.plan.k)) throw new Error(`no cv fold ${req.fold} to refit`);
    const fd = foldData(data, data.plan, 0, X, req.fold, data.y.length);
    fitted = await fitFold(data, learner, params, balanced, logTarget, fd, req.seed + req.fold, req.earlyStoppingRounds ?? 0, signal);
  } else {
    fitted = await fitMaybeLog(learner, X, { task: data.task, y: data.y, nClasses: data.nClasses }, params, logTarget, {
      seed: req.seed,
      signal,
      sampleWeight: balanced && data.task !== 'regression' ? balancedWeights(data.y, data.nClasses) : undefined,
    });
  }
  return { model: fitted.toJSON(), seconds: (performance.now() - t0) / 1000 };
}
