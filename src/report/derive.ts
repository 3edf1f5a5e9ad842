/**
 * Numbers both renderers derive from a ReportInput: the top features, the search's improvement
 * events, residual statistics, the reproducibility rows, the saved model's name and validation
 * score, the run's status. Pure functions.
 */
import { fmtCount, fmtNumber, fmtScore, fmtSeconds, isFiniteNumber } from './format.js';
import type { Translate } from './i18n.js';
import type { ReportImportance, ReportInput, ReportLearnerRow, ReportPipeline, ReportValidation, TrialRecord } from './types.js';
import { modelName } from '../search/schemas.js';

export const TOP_FEATURES = 20;
export const MAX_LEADERBOARD_ROWS = 30;
export const MAX_SCATTER_POINTS = 2000;

/** Features sorted by importance (largest first; non-finite last), cut to `top`. */
export function topFeatures(imp: ReportImportance, top = TOP_FEATURES): ReportImportance['features'] {
  return [...imp.features]
    .sort((a, b) => {
      const fa = isFiniteNumber(a.importance);
      const fb = isFiniteNumber(b.importance);
      if (fa !== fb) return fa ? -1 : 1;
      return fa ? b.importance - a.importance : 0;
    })
    .slice(0, top);
}

/** The trials that improved the best score, in time order. */
export function improvements(trials: TrialRecord[], greaterIsBetter: boolean): TrialRecord[] {
  const sorted = trials
    .filter((t) => t.status === 'ok' && isFiniteNumber(t.score) && isFiniteNumber(t.elapsedSeconds))
    .sort((a, b) => a.elapsedSeconds - b.elapsedSeconds || a.id - b.id);
  const out: TrialRecord[] = [];
  let best: number | null = null;
  for (const t of sorted) {
    const s = t.score as number;
    if (best === null || (greaterIsBetter ? s > best : s < best)) {
      out.push(t);
      best = s;
    }
  }
  return out;
}

/** "2 failed, 1 cut at the time limit" for a learner row, or null when every trial scored. */
export function learnerTrialNotes(l: ReportLearnerRow, t: Translate): string | null {
  const parts = [l.failed ? t('failedTrials', { n: l.failed }) : '', l.timedOut ? t('timedOutTrials', { n: l.timedOut }) : ''].filter(Boolean);
  return parts.length ? parts.join(t('listSep')) : null;
}

export function trialCounts(trials: TrialRecord[]): { ok: number; failed: number } {
  let ok = 0;
  for (const t of trials) if (t.status === 'ok' && isFiniteNumber(t.score)) ok++;
  return { ok, failed: trials.length - ok };
}

export interface ResidualStats {
  n: number;
  mean: number | null;
  maxAbs: number | null;
  rmse: number | null;
  mae: number | null;
}

/** Residuals actual − predicted (evaluation.json's sign) over the pairs where both are finite. */
export function residualStats(actual: ArrayLike<number>, predicted: ArrayLike<number>): ResidualStats {
  const len = Math.min(actual.length, predicted.length);
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let sumAbs = 0;
  let maxAbs = 0;
  for (let i = 0; i < len; i++) {
    const a = actual[i];
    const p = predicted[i];
    if (!isFiniteNumber(a) || !isFiniteNumber(p)) continue;
    const e = a - p;
    n++;
    sum += e;
    sumSq += e * e;
    sumAbs += Math.abs(e);
    if (Math.abs(e) > maxAbs) maxAbs = Math.abs(e);
  }
  if (n === 0) return { n, mean: null, maxAbs: null, rmse: null, mae: null };
  return { n, mean: sum / n, maxAbs, rmse: Math.sqrt(sumSq / n), mae: sumAbs / n };
}

/** Column names for a step, cut after `max` with "+N". */
export function columnList(cols: string[], max = 8): string[] {
  return cols.length <= max ? cols : [...cols.slice(0, max), `+${cols.length - max}`];
}

/** Reproducibility facts as (label, value) rows, unescaped. */
export function reproRows(input: ReportInput, t: Translate): [string, string][] {
  const r = input.repro;
  // Budget and trial limit are the last session's, wall time and trials add up every session: say so.
  const n = r.sessions ?? 1;
  const last = (v: string): string => (n > 1 ? t('lastSessionOf', { v, n }) : v);
  const all = (v: string): string => (n > 1 ? t('allSessions', { v, n }) : v);
  return [
    [t('seed'), String(r.seed)],
    [t('budget'), last(r.budgetSeconds === null ? t('none') : t('seconds', { n: fmtNumber(r.budgetSeconds) }))],
    [t('maxTrials'), last(r.maxTrials === null ? t('none') : fmtCount(r.maxTrials))],
    [t('wallTime'), all(t('seconds', { n: fmtSeconds(r.wallSeconds) }))],
    [t('trials'), all(fmtCount(r.trials))],
    [t('askmlVersion'), r.askmlVersion],
    [t('nodeVersion'), r.nodeVersion],
    [t('platform'), r.platform],
    [t('dataFile'), r.dataFile],
    [t('sha256'), r.dataSha256],
  ];
}

/** The saved model in words: the single learner, or 'weighted ensemble of 4 configurations: a + b + ...'. Unescaped. */
export function modelLabel(p: ReportPipeline, t: Translate): { label: string; value: string } {
  if (p.ensemble && p.ensemble.length > 1) {
    return { label: t('model'), value: t('ensembleOf', { n: p.ensemble.length, names: modelName(p.ensemble.map((m) => m.learner)) }) };
  }
  return { label: t('learner'), value: p.ensemble?.length === 1 ? p.ensemble[0].learner : p.learner };
}

/** How the saved model's validation score was measured ('5-fold cross-validation'). */
export function validationHow(v: ReportValidation, t: Translate): string {
  const how = v.kind === 'cv' ? t('valCv', { k: v.folds }) : t('valHoldout');
  return v.rescored ? t('valRescored', { how }) : how;
}

/** The saved model's validation score next to its test score in the task metric, or null when the validation score is unknown. */
export function validationVsTest(input: ReportInput, t: Translate): string | null {
  const v = input.pipeline?.validation;
  if (!v || !isFiniteNumber(v.score)) return null;
  const metric = input.task.metric;
  const test = input.evaluation?.metrics.find((m) => m.name === metric);
  const vars = { metric, val: fmtScore(v.score), how: validationHow(v, t) };
  return test && isFiniteNumber(test.value) ? t('valVsTest', { ...vars, test: fmtScore(test.value) }) : t('valOnly', vars);
}

/** Normal ends of a search: the report says nothing about them. */
const NORMAL_STATUS = new Set(['completed', 'budget_exhausted']);

/** The run's status in a sentence when the search did not end normally (cancelled), else null. Unescaped. */
export function statusNote(input: ReportInput, t: Translate): { short: string; sentence: string } | null {
  const s = input.status;
  if (!s || NORMAL_STATUS.has(s)) return null;
  const n = input.repro.sessions ?? 1;
  if (s === 'cancelled') return { short: t('status_cancelled'), sentence: n > 1 ? t('statusCancelledLast', { n }) : t('statusCancelled') };
  return { short: s, sentence: t('statusOther', { status: s }) };
}

/** '74' or 'tune-1 #74' (tune sessions number their trials from 0 again). */
export function trialLabel(tr: TrialRecord): string {
  return tr.session ? `${tr.session} #${tr.id}` : String(tr.id);
}
