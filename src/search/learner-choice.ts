/**
 * Which learners a search runs (resolved, checked against the task and data, ordered so the
 * cheap strong ones start first), target checks, and the worker pool factory.
 */
import { availableParallelism } from 'node:os';
import { AskmlError } from '../errors.js';
import type { FeatureView } from '../features/types.js';
import { allLearners, getLearner, learnersFor } from '../learners/registry.js';
import type { DataShape, Learner, Matrix, Params, Target } from '../learners/types.js';
import { minValue } from '../learners/sparse.js';
import { WorkerPool } from './worker-pool.js';
import type { MetricName } from '../evaluate/metrics.js';

type Views = Partial<Record<FeatureView, Matrix>>;

const LEARNER_ORDER = ['gbdt', 'logistic_regression', 'linear_svm', 'ridge', 'naive_bayes', 'random_forest', 'extra_trees', 'knn'];
/** Sparse (text) data: the cheapest model first, so a tiny budget still ends with one. */
const TEXT_ORDER = ['naive_bayes', 'linear_svm', 'logistic_regression', 'ridge', 'knn', 'gbdt', 'random_forest', 'extra_trees'];

export function shapeOf(m: Matrix, target: Target): DataShape {
  return { rows: m.rows, cols: m.cols, task: target.task, nClasses: target.nClasses, sparse: m.kind === 'csr' };
}

/** Resolve learner names for the data (unknown -> UNKNOWN_LEARNER, unfit -> BAD_ARGUMENT). */
export function resolveLearners(views: Views, target: Target, names?: string[]): Learner[] {
  const fits = (l: Learner): boolean => {
    const m = views[l.view];
    return !!m && learnersFor(shapeOf(m, target)).some((x) => x.name === l.name) && negativeFor(l, views) === null;
  };
  if (names && names.length > 0) {
    const list = names.map((n) => getLearner(n));
    for (const l of list) {
      if (!l.tasks.includes(target.task)) {
        throw new AskmlError('BAD_ARGUMENT', `Learner '${l.name}' does not support ${target.task} tasks.`, {
          choices: list.filter((x) => x.tasks.includes(target.task)).map((x) => x.name),
        });
      }
    }
    const ok = list.filter(fits);
    if (ok.length === 0) {
      // Learners of a view this search did not build (tree learners when only naive_bayes was asked for) are fine too.
      const usable = allLearners().filter((l) => l.tasks.includes(target.task) && (views[l.view] ? fits(l) : true)).map((l) => l.name);
      throw new AskmlError('BAD_ARGUMENT', `None of the learners ${names.join(', ')} can run on this data: ${list.map((l) => whyUnfit(l, views, target)).join('; ')}.`, {
        choices: usable,
        hint: 'Choose learners from the valid choices, or leave the learner list empty for all of them.',
      });
    }
    return orderLearners(ok, views);
  }
  const all = new Set<string>();
  const out: Learner[] = [];
  for (const v of ['tree', 'linear'] as const) {
    const m = views[v];
    if (!m) continue;
    for (const l of learnersFor(shapeOf(m, target))) {
      if (l.view === v && !l.onRequest && !all.has(l.name) && negativeFor(l, views) === null) {
        all.add(l.name);
        out.push(l);
      }
    }
  }
  if (out.length === 0) throw new AskmlError('BAD_ARGUMENT', `No registered learner handles a ${target.task} task on this data.`);
  return orderLearners(out, views);
}

/**
 * naive_bayes needs non-negative features (counts, TF-IDF), but on text plus numeric or
 * categorical columns the linear view also holds standardised numbers and its every fit fails
 * ("found the value -3.25"). Its model takes the whole view (one pipeline, one ONNX graph), so it
 * is not started there rather than given the text block only. The smallest value, or null when
 * the learner is not naive_bayes on sparse features or they are all non-negative.
 */
function negativeFor(l: Learner, views: Views): number | null {
  const m = views[l.view];
  if (l.name !== 'naive_bayes' || !m || m.kind !== 'csr') return null;
  let lo = negativeCache.get(m);
  if (lo === undefined) negativeCache.set(m, (lo = minValue(m)));
  return lo < 0 ? lo : null;
}
const negativeCache = new WeakMap<Matrix, number>();

/** Why each named learner that cannot run on this data was left out (named but not resolved). */
export function unfitNotes(views: Views, target: Target, names: readonly string[] | undefined, resolved: readonly Learner[]): string[] {
  // Without names: naive_bayes would have been searched but for negative features; say so.
  const left = names
    ? names.filter((n) => !resolved.some((l) => l.name === n))
    : allLearners().filter((l) => l.name === 'naive_bayes' && l.tasks.includes(target.task) && negativeFor(l, views) !== null).map((l) => l.name);
  return left.length === 0 ? [] : [`Not searched: ${left.map((n) => whyUnfit(getLearner(n), views, target)).join('; ')}.`];
}

/** Why a learner that handles the task cannot run on these feature matrices. */
function whyUnfit(l: Learner, views: Views, target: Target): string {
  const m = views[l.view];
  if (!m) return `${l.name} needs the ${l.view} feature view, which this search did not build`;
  const shape = shapeOf(m, target);
  if (l.name === 'naive_bayes' && !shape.sparse) return 'naive_bayes needs text features (a text column); this data has none';
  const lo = negativeFor(l, views);
  if (lo !== null) return `naive_bayes needs non-negative features (counts, TF-IDF), and the numeric columns beside the text are standardised (smallest value ${Number(lo.toPrecision(3))})`;
  return `${l.name} does not suit data of ${shape.rows} x ${shape.cols}${shape.sparse ? ' (sparse text features)' : ''}`;
}

/** Which inits run first: strong cheap learners; on sparse (text) data linear learners first. */
function orderLearners(out: Learner[], views: Views): Learner[] {
  // Sparse (text) data: linear learners first, they are the cheap strong baselines there.
  const textFirst = views.linear?.kind === 'csr';
  const order = textFirst ? TEXT_ORDER : LEARNER_ORDER;
  const rank = (l: Learner): number => ((order.indexOf(l.name) + 100) % 100) + (textFirst && l.view === 'tree' ? 100 : 0);
  return out.sort((a, b) => rank(a) - rank(b));
}

/**
 * Parameters fixed for every configuration of a learner on this data (not searched). On sparse
 * (TF-IDF) data logistic regression stops at scikit-learn's tolerance (1e-4) and 200 L-BFGS
 * iterations instead of the learner's 1e-5 / 1000: on 10k x 40k+ text matrices the tail of the
 * optimisation costs several times the rest and barely changes the predictions. Its first
 * (cheap) trial uses tol 1e-3 and 50 iterations (thucnews: 1.8 s vs 6 s+, macro-F1 0.842 vs 0.854).
 * For MAE gbdt fits absolute error (its leaves take the median residual), as AutoGluon's LightGBM
 * does: on targets with a few huge values squared error chases them (a generated set with 8% such
 * rows: test MAE 158 against 262, and the median alone 189); on diamonds the two tie (255).
 * ridge and linear_regression fit absolute error too (least absolute deviations) on dense features.
 * The forests choose splits on the targets' ranks and make each leaf the median of its rows'
 * targets (diamonds, 20 trials of random_forest + extra_trees, 3 splits: test MAE 259.5 against
 * 261.6; a generated set with 8% huge targets: 13 against 879). knn and decision_tree take loss
 * 'l1' too but keep squared error here: the median of a few neighbours or of a single tree's small
 * leaves is the noisier estimate (audit, 5 seeds: knn test MAE +5 to +11% on house-prices,
 * decision_tree +0.7 to +2.4% on diabetes).
 */
/** Learners that fit absolute error on any features when the metric is MAE. */
const MEDIAN_LEARNERS = new Set(['gbdt', 'random_forest', 'extra_trees']);

export function fixedParams(learner: string, m: Matrix, metric?: MetricName): { fixed: Params; init: Params } {
  if (learner === 'logistic_regression' && m.kind === 'csr') return { fixed: { tol: 1e-4, max_iter: 200 }, init: { tol: 1e-3, max_iter: 50 } };
  if (metric === 'mae' && MEDIAN_LEARNERS.has(learner)) return { fixed: { loss: 'l1' }, init: {} };
  // Dense only: on sparse text features every reweighting step is a conjugate-gradient solve (256
  // rows x 350 TF-IDF terms: 5.6 s a trial against 0.08 s), so there they keep squared error.
  if (metric === 'mae' && (learner === 'ridge' || learner === 'linear_regression') && m.kind === 'dense') return { fixed: { loss: 'l1' }, init: {} };
  return { fixed: {}, init: {} };
}

export function checkTarget(target: Target): void {
  if (target.task !== 'regression') {
    const counts = new Array<number>(target.nClasses).fill(0);
    for (const v of target.y) counts[v]++;
    const present = counts.filter((c) => c > 0).length;
    if (present < 2) {
      throw new AskmlError('BAD_TARGET', `The target has ${present} class${present === 1 ? '' : 'es'}; classification needs at least 2.`, {
        hint: 'Choose another target column, or check the rows were loaded correctly.',
      });
    }
  } else {
    // Missing targets were dropped before (encodeTarget); what is left here is infinite or NaN.
    let bad = 0;
    let first = -1;
    for (let i = 0; i < target.y.length; i++) {
      if (!Number.isFinite(target.y[i])) {
        bad++;
        if (first < 0) first = i;
      }
    }
    if (bad > 0) {
      throw new AskmlError('BAD_TARGET', `The regression target holds ${bad} infinite value${bad === 1 ? '' : 's'} (${String(target.y[first])}, first in training row ${first + 1}); a model cannot be fitted to or scored on them.`, {
        hint: 'Replace or drop the rows whose target is inf / -inf.',
      });
    }
  }
}

/** Workers for a search with `parallelism` trials at a time (+1 spare kept for the refit). */
export function createPool(parallelism?: number, workerModules?: string[]): WorkerPool {
  const p = Math.max(1, Math.floor(parallelism ?? availableParallelism()));
  return new WorkerPool(p + 1, [new URL('../learners/index.js', import.meta.url).href, ...(workerModules ?? [])]);
}

export function imbalanced(t: Target): boolean {
  const c = new Array<number>(t.nClasses).fill(0);
  for (const v of t.y) c[v]++;
  const present = c.filter((x) => x > 0);
  return Math.max(...present) / Math.min(...present) >= 2.5;
}

