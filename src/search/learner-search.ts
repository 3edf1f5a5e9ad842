/**
 * Per-learner search state: cost-frugal local search (in the spirit of FLAML's CFO / FLOW2) from
 * the learner's cheap `init` configuration, with randomized direction steps in the unit cube,
 * step-size shrinking when no direction helps, occasional TPE-style global proposals, and
 * successive-halving-like growth of the training sample for large data.
 */
import type { Params, SearchSpace } from '../learners/types.js';
import type { Rng } from '../util/random.js';
import { configKey, decode, encode, moved, randomDirection, randomUnit, unitSpace, type UnitSpace } from './space.js';

export type ProposalKind = 'init' | 'given' | 'default' | 'local' | 'global' | 'grow';

export interface Proposal {
  learner: string;
  params: Params;
  sampleSize: number;
  kind: ProposalKind;
}

export const CLASS_WEIGHT_KEY = '__class_weight';
/** 'log': the learner fits log(target) (fixed for MAPE on a positive target; src/learners/log-target.ts). */
export const TARGET_TRANSFORM_KEY = '__target';

/**
 * Params as people read them (report, CLI): the searched class-weight choice shows as
 * sample_weight=balanced, and not at all when it is 'none'; a log target shows as target=log.
 */
export function displayParams(p: Params): Params {
  const { [CLASS_WEIGHT_KEY]: cw, [TARGET_TRANSFORM_KEY]: tt, ...rest } = p;
  return { ...rest, ...(cw === 'balanced' ? { sample_weight: 'balanced' } : {}), ...(tt === 'log' ? { target: 'log' } : {}) };
}

interface Point {
  x: Float64Array;
  loss: number;
}

export interface LearnerSearchOptions {
  name: string;
  space: SearchSpace;
  /** Training rows available to a trial at full size. */
  fullSize: number;
  /** First sample size (== fullSize when data is small). */
  initialSize: number;
  /** Search class weights ('none' | 'balanced') as a parameter. */
  classWeights: boolean;
  /** Start from these params instead of space.init (tune). */
  start?: Params;
  /** Probability of a global (TPE/random) proposal once the learner has history. */
  globalRate?: number;
  /** Parameters set on every configuration (not searched), e.g. a solver tolerance. */
  fixed?: Params;
  /** Overrides for the first (init) trial only, to make it cheap (e.g. a looser tolerance). */
  initExtra?: Params;
}

/**
 * What the search-core tells a learner when it proposes (time-budgeted runs only): the worker
 * seconds left before the search end (remaining seconds x parallelism).
 */
export interface ProposeContext {
  workerSecondsLeft: number | null;
}

/** Share of the worker time left that growing the sample to the next size may cost at most. */
const CHEAP_GROW_SHARE = 0.03;
/** Share of the worker time left that the learner's default configuration may cost at most. */
const DEFAULT_SHARE = 0.25;
/** A loss decrease below this share of the loss moves the local search but counts as no gain. */
const MIN_GAIN = 1e-6;
/** The step collapses (and restarts) this many times in a row without a gain: converged. */
const CONVERGED_AFTER = 2;

export class LearnerSearch {
  readonly name: string;
  /** Parameters every proposal carries (fixedParams of learner-choice.ts). */
  private readonly fixed: Params;
  readonly us: UnitSpace;
  readonly dim: number;
  readonly fullSize: number;
  sampleSize: number;
  readonly startParams: Params;
  /** Started from given params (tune) rather than the learner's init. */
  readonly custom: boolean;
  bestX: Float64Array | null = null;
  bestParams: Params | null = null;
  bestLoss = Infinity;
  /** Cost of the best configuration's trial (seconds, or cost units when reproducible). */
  bestCost = 0;
  prevBestLoss = Infinity;
  costBetweenImprove = 0;
  costSinceImprove = 0;
  totalCost = 0;
  maxCostPerRow = 0;
  trials = 0;
  failures = 0;
  inFlight = 0;
  dead = false;
  /**
   * Its local search has converged on the full sample: the step collapsed CONVERGED_AFTER times
   * in a row without a material gain. It proposes nothing more (penguins, 20 s: 5,800 of 6,000
   * trials were linear_svm configs crawling along C for log-loss gains of a millionth).
   */
  converged = false;
  private collapses = 0;
  private step: number;
  private readonly step0: number;
  private noImprove = 0;
  private pendingMinus: Float64Array | null = null;
  private startInFlight = false;
  private growInFlight = false;
  private readonly history: Point[] = [];
  private readonly seen = new Set<string>();
  private readonly globalRate: number;
  /** The learner's default configuration (scikit-learn / LightGBM-like), tried right after init. */
  private readonly defaultParams: Params | null;
  private defaultPending: boolean;
  private readonly defaultCostRatio: number;
  /** Cost per training row of the start (init) trial. */
  private startCostPerRow = 0;

  constructor(o: LearnerSearchOptions) {
    this.name = o.name;
    // A learner with its own class_weight choice (logistic_regression, linear_svm) searches that one:
    // the sample-weight choice beside it would be the same choice twice.
    const classWeights = o.classWeights && !('class_weight' in o.space.params);
    const space: SearchSpace = classWeights
      ? {
          ...o.space,
          params: { ...o.space.params, [CLASS_WEIGHT_KEY]: { type: 'choice', values: ['none', 'balanced'] } },
          init: { ...o.space.init, [CLASS_WEIGHT_KEY]: 'none' },
        }
      : o.space;
    this.us = unitSpace(space);
    if (o.fixed) this.us.base = { ...this.us.base, ...o.fixed };
    this.fixed = o.fixed ?? {};
    this.dim = Math.max(1, this.us.keys.length);
    this.fullSize = o.fullSize;
    this.sampleSize = Math.min(o.initialSize, o.fullSize);
    this.startParams = { ...this.us.base, ...(o.start ?? {}) };
    this.custom = o.start !== undefined;
    if (!this.custom && o.initExtra) Object.assign(this.startParams, o.initExtra);
    if (classWeights && this.startParams[CLASS_WEIGHT_KEY] === undefined) this.startParams[CLASS_WEIGHT_KEY] = 'none';
    const def: Params = { ...o.space.default, ...(o.fixed ?? {}) };
    if (classWeights) def[CLASS_WEIGHT_KEY] = 'none';
    this.defaultParams = !this.custom && configKey(def) !== configKey(this.startParams) ? def : null;
    this.defaultPending = this.defaultParams !== null;
    this.defaultCostRatio = Math.max(1, o.space.defaultCostRatio ?? 1);
    this.step0 = 0.1 * Math.sqrt(this.dim);
    this.step = this.step0;
    this.globalRate = o.globalRate ?? 0.1;
  }

  /** Can it propose now without waiting for a result? */
  canPropose(): boolean {
    if (this.dead || this.converged) return false;
    if (this.trials === 0 && this.bestX === null) return !this.startInFlight;
    if (this.bestX === null) return false;
    return !this.growInFlight;
  }

  /** Is the next proposal the first one (cost unknown)? */
  get untried(): boolean {
    return this.trials === 0 && !this.startInFlight;
  }

  /** Size the sample grows to next. */
  private nextSize(): number {
    return Math.min(this.fullSize, this.sampleSize * 2 > this.fullSize * 0.75 ? this.fullSize : this.sampleSize * 2);
  }

  /**
   * Growing the sample is cheap: a trial of the best configuration on the next sample size would
   * cost a small share of the time left (diamonds, 38k rows at 60 s: a full-size booster costs
   * ~1 s, so waiting for the local search to stall at 10k and 20k rows wasted half the budget).
   */
  private cheapToGrow(ctx?: ProposeContext): boolean {
    if (!ctx || ctx.workerSecondsLeft === null || this.trials === 0) return false;
    const perRow = this.bestCost / Math.max(1, this.sampleSize);
    return perRow * this.nextSize() * 1.25 <= CHEAP_GROW_SHARE * ctx.workerSecondsLeft;
  }

  /** Predicted cost of the default configuration at the current sample size. */
  private defaultCost(): number {
    const perRow = this.startCostPerRow || this.bestCost / Math.max(1, this.sampleSize);
    return perRow * this.sampleSize * this.defaultCostRatio * 1.5;
  }

  /**
   * The default configuration is waiting and affordable now. Searches by trial count always
   * take it (deterministic); timed ones when it costs at most DEFAULT_SHARE of the time left.
   * The search-core proposes from such a learner first, whatever its loss so far; when growing
   * its sample is cheap, propose() grows first and the default then runs on the larger sample
   * (diamonds, 10 s: left to the ECI choice, gbdt's 4-tree init, 4x the loss of a small forest,
   * was sometimes never grown nor tried at its default, and the run ended 20 RMSE worse).
   */
  wantsDefault(ctx?: ProposeContext): boolean {
    if (!this.defaultPending || this.bestX === null || !this.canPropose()) return false;
    if (!ctx || ctx.workerSecondsLeft === null) return true;
    return this.defaultCost() <= DEFAULT_SHARE * ctx.workerSecondsLeft;
  }

  propose(rng: Rng, ctx?: ProposeContext): Proposal | null {
    if (!this.canPropose()) return null;
    if (this.bestX === null) {
      this.startInFlight = true;
      return this.make(this.startParams, this.sampleSize, this.custom ? 'given' : 'init');
    }
    if (this.sampleSize < this.fullSize && (this.noImprove >= Math.max(2, this.dim) || this.cheapToGrow(ctx))) {
      this.growInFlight = true;
      return this.make(this.bestParams!, this.nextSize(), 'grow');
    }
    if (this.wantsDefault(ctx)) {
      this.defaultPending = false;
      if (!this.seen.has(this.key(this.defaultParams!, this.sampleSize))) return this.make(this.defaultParams!, this.sampleSize, 'default');
    }
    if (this.history.length >= 4 && rng.next() < this.globalRate) {
      const p = this.global(rng);
      if (p) return p;
    }
    for (let attempt = 0; attempt < 6; attempt++) {
      let x: Float64Array;
      if (this.pendingMinus) {
        x = this.pendingMinus;
        this.pendingMinus = null;
      } else {
        const u = randomDirection(this.dim, rng);
        x = moved(this.bestX, u, this.step);
        this.pendingMinus = moved(this.bestX, u, -this.step);
      }
      const params = decode(this.us, x);
      if (!this.seen.has(this.key(params, this.sampleSize))) return this.make(params, this.sampleSize, 'local');
      this.noteNoImprove();
    }
    return this.global(rng);
  }

  /** TPE-lite: among random candidates pick the one most like the good points and least like the bad. */
  private global(rng: Rng): Proposal | null {
    const cands = Array.from({ length: 16 }, () => randomUnit(this.us, rng));
    let pick = cands[0];
    if (this.history.length >= 4) {
      const sorted = [...this.history].sort((a, b) => a.loss - b.loss);
      const nGood = Math.max(1, Math.ceil(sorted.length * 0.25));
      const good = sorted.slice(0, nGood);
      const bad = sorted.slice(nGood);
      let bestRatio = -Infinity;
      for (const c of cands) {
        const r = (density(good, c) + 1e-12) / (density(bad, c) + 1e-12);
        if (r > bestRatio) {
          bestRatio = r;
          pick = c;
        }
      }
    }
    const params = decode(this.us, pick);
    if (this.seen.has(this.key(params, this.sampleSize))) return null;
    return this.make(params, this.sampleSize, 'global');
  }

  private make(given: Params, sampleSize: number, kind: ProposalKind): Proposal {
    // Fixed parameters win over a replayed trial's (a run resumed after they changed, e.g. MAE's
    // loss 'l1' for the forests: growing an old best config fitted squared error; audit).
    const params = { ...given, ...this.fixed };
    this.seen.add(this.key(params, sampleSize));
    this.inFlight++;
    return { learner: this.name, params, sampleSize, kind };
  }

  private key(params: Params, size: number): string {
    return `${size}|${configKey(params)}`;
  }

  /** Take back a proposal that will not run (predicted to overrun, or killed at the deadline). */
  retract(p: Proposal): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.seen.delete(this.key(p.params, p.sampleSize));
    if (p.kind === 'init' || p.kind === 'given') this.startInFlight = false;
    if (p.kind === 'grow') this.growInFlight = false;
    if (p.kind === 'default') this.defaultPending = true;
  }

  /**
   * Record a finished trial (loss Infinity for a failure). `cost` in seconds or cost units.
   * `truncated`: stopped by its time limit and scored on the rounds or trees it built. It stays on
   * the leaderboard and may win, but once the learner has a best the local search does not move
   * to it, as its neighbours would run into the limit too (diamonds, 60 s: an extra_trees trial
   * cut at 10 s became that learner's best, and its next three trials each ran 10 s to the limit).
   * A truncated first trial or sample growth is taken as it is: there is nothing else to go on.
   */
  observe(p: Proposal, loss: number, cost: number, failed = false, truncated = false): void {
    if (truncated && this.bestX !== null && p.kind !== 'grow') loss = Infinity;
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.trials++;
    this.totalCost += cost;
    if (p.sampleSize > 0) this.maxCostPerRow = Math.max(this.maxCostPerRow, cost / p.sampleSize);
    this.seen.add(this.key(p.params, p.sampleSize));
    const x = encode(this.us, p.params);
    if (Number.isFinite(loss)) this.history.push({ x, loss });
    if (failed) {
      this.failures++;
      if (this.bestX === null && (p.kind === 'init' || p.kind === 'given')) this.dead = true;
      if (this.failures >= 5 && this.failures > this.trials / 2) this.dead = true;
    }
    if (p.kind === 'init' || p.kind === 'given') this.startInFlight = false;
    if ((p.kind === 'init' || p.kind === 'grow') && p.sampleSize > 0 && configKey(p.params) === configKey(this.startParams)) this.startCostPerRow = cost / p.sampleSize;
    if (p.kind === 'grow') {
      this.growInFlight = false;
      if (Number.isFinite(loss)) {
        this.sampleSize = p.sampleSize;
        this.setBest(x, p.params, loss, cost);
        this.step = this.step0;
        this.collapses = 0;
      }
      return;
    }
    if (p.sampleSize !== this.sampleSize) return;
    if (loss < this.bestLoss) {
      const material = !Number.isFinite(this.bestLoss) || loss < this.bestLoss - MIN_GAIN * Math.abs(this.bestLoss);
      // A gain below MIN_GAIN still moves the search to the better point, but counts as none.
      this.setBest(x, p.params, loss, cost, material);
      if (material) this.collapses = 0;
      else this.noteNoImprove();
    } else {
      this.costSinceImprove += cost;
      this.noteNoImprove();
    }
  }

  private setBest(x: Float64Array, params: Params, loss: number, cost: number, material = true): void {
    if (!material) this.costSinceImprove += cost;
    else {
      if (Number.isFinite(this.bestLoss)) {
        this.prevBestLoss = this.bestLoss;
        this.costBetweenImprove = this.costSinceImprove + cost;
      }
      this.costSinceImprove = 0;
      this.noImprove = 0;
    }
    this.bestLoss = loss;
    this.bestX = x;
    this.bestParams = params;
    this.bestCost = cost;
    this.pendingMinus = null;
  }

  private noteNoImprove(): void {
    this.noImprove++;
    if (this.noImprove % (2 * this.dim) === 0) {
      this.step *= 0.5;
      if (this.step < 0.002) {
        // Collapsed: restart the step, or stop when that has not helped before.
        this.step = this.step0;
        this.collapses++;
        if (this.collapses >= CONVERGED_AFTER && this.sampleSize >= this.fullSize) this.converged = true;
      }
    }
  }

  /** Search again (a resumed run with more budget): convergence is judged anew. */
  reopen(): void {
    this.converged = false;
    this.collapses = 0;
  }

  /**
   * Estimated cost for improvement (FLAML's ECI idea): how much cost this learner likely needs
   * before it beats the global best. Lower is more promising.
   */
  eci(globalBest: number): number {
    const eci1 = Math.max(this.costSinceImprove, 2 * this.bestCost, 1e-9);
    if (this.bestLoss <= globalBest) return eci1;
    const gain = this.prevBestLoss - this.bestLoss;
    if (Number.isFinite(gain) && gain > 0 && this.costBetweenImprove > 0) {
      const speed = gain / this.costBetweenImprove;
      return Math.max(eci1, (this.bestLoss - globalBest) / speed);
    }
    return Math.max(eci1, 2 * this.totalCost);
  }

  /** Predicted cost of a proposal from this learner's history, or null when it has none. */
  predictCost(p: Proposal): number | null {
    if (this.trials === 0 || this.maxCostPerRow === 0) return null;
    if (p.kind === 'default') return this.defaultCost(); // proposed at the current sample size
    const perRow = p.kind === 'local' || p.kind === 'grow' ? Math.max(this.bestCost / Math.max(1, this.sampleSize), 0) : this.maxCostPerRow;
    const factor = p.kind === 'global' ? 1.5 : 1.25;
    return perRow * p.sampleSize * factor;
  }
}

function density(points: Point[], x: Float64Array): number {
  const bw = 0.15;
  let s = 0;
  for (const p of points) {
    let d = 0;
    for (let i = 0; i < x.length; i++) d += (p.x[i] - x[i]) ** 2;
    s += Math.exp(-d / (2 * bw * bw));
  }
  return s / Math.max(1, points.length);
}
