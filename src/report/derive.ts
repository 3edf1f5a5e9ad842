/**
 * Numbers both renderers derive from a ReportInput: the top features, the search's improvement
 * events, residual statistics, the reproducibility rows, the saved model's name and validation
 * score, the run's status. Pure functions.
 */
import { fmtCount, fmtNumber, fmtPercent, fmtScore, fmtSeconds, isFiniteNumber, paramsSummary } from './format.js';
import { joinSentences, type Translate } from './i18n.js';
import type { LeaderboardRow, ReportImportance, ReportInput, ReportLearnerRow, ReportPipeline, ReportValidation, TrialRecord } from './types.js';
import { modelName } from '../search/schemas.js';

export const TOP_FEATURES = 20;
export const MAX_LEADERBOARD_ROWS = 30;
export const MAX_SCATTER_POINTS = 2000;

/** Below this share of the spread (the feature's ± and the largest importance), an importance is float noise. */
const NOISE = 1e-12;

/**
 * Features sorted by importance (largest first; non-finite last), cut to `top`. An importance (or
 * ±) that is float noise around zero, like -3.7e-17 next to ± 0.0051 (a column whose shuffle
 * changed nothing), is 0.
 */
export function topFeatures(imp: ReportImportance, top = TOP_FEATURES): ReportImportance['features'] {
  const largest = Math.max(0, ...imp.features.map((f) => (isFiniteNumber(f.importance) ? Math.abs(f.importance) : 0)));
  const snap = (v: number, spread: number): number => (isFiniteNumber(v) && Math.abs(v) < NOISE * spread ? 0 : v);
  return imp.features
    .map((f) => {
      const spread = Math.max(largest, isFiniteNumber(f.std) ? Math.abs(f.std) : 0);
      return { ...f, importance: snap(f.importance, spread), std: f.std === null ? null : snap(f.std, spread) };
    })
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

/** How a trial ended, for the chart: 'unscored' when the input cannot tell a failure from a time-limit cut. */
export type TrialOutcome = 'ok' | 'failed' | 'pruned' | 'timed_out' | 'unscored';

export interface TrialOutcomes {
  /** One per trial, in the order of `input.trials`. */
  each: TrialOutcome[];
  ok: number;
  failed: number;
  pruned: number;
  timedOut: number;
}

/**
 * How each trial ended. Trials cut at their time limit before scoring are 'timed_out'; an input
 * that marks them 'failed' (trials.jsonl has only ok/failed) is sorted out with the learner rows,
 * which count failures and time-limit cuts from the same trials: a learner with only cuts has
 * 'timed_out' trials, one with only failures 'failed' ones, one with both 'unscored' ones (the
 * totals still come from the learner rows).
 */
export function trialOutcomes(trials: TrialRecord[], learners: ReportLearnerRow[] | null | undefined = null): TrialOutcomes {
  const each: TrialOutcome[] = trials.map((t) =>
    t.status === 'ok' ? (isFiniteNumber(t.score) ? 'ok' : 'failed') : t.status === 'pruned' ? 'pruned' : t.status === 'timed_out' ? 'timed_out' : 'failed',
  );
  const count = (o: TrialOutcome): number => each.filter((x) => x === o).length;
  const out = { each, ok: count('ok'), failed: count('failed'), pruned: count('pruned'), timedOut: count('timed_out') };
  const rows = learners ?? [];
  const cut = rows.reduce((a, l) => a + l.timedOut, 0);
  const failedByStatus = trials.filter((t) => t.status === 'failed').length;
  // Only for inputs without 'timed_out' trials, and only when the learner rows count these very trials.
  if (out.timedOut > 0 || cut === 0 || rows.reduce((a, l) => a + l.failed + l.timedOut, 0) !== failedByStatus) return out;
  const byLearner = new Map(rows.map((l) => [l.learner, l]));
  trials.forEach((t, i) => {
    if (t.status !== 'failed') return;
    const l = byLearner.get(t.learner);
    if (l && l.timedOut > 0) each[i] = l.failed > 0 ? 'unscored' : 'timed_out';
  });
  return { ...out, failed: out.failed - cut, timedOut: cut };
}

/** The search chart's caption: what the dots and the red ticks are (the ticks only when there are some). Unescaped. */
export function searchCaption(input: ReportInput, t: Translate): string {
  const c = trialOutcomes(input.trials, input.learners);
  const kinds = [
    c.failed ? t('failedTrials', { n: c.failed }) : '',
    c.timedOut ? t('timedOutTrials', { n: c.timedOut }) : '',
    c.pruned ? t('prunedTrials', { n: c.pruned }) : '',
  ].filter(Boolean);
  const unscored = c.failed + c.timedOut + c.pruned;
  const sessions = input.repro.sessions ?? 1;
  return joinSentences(input.lang, [
    t('searchCaption', { metric: input.task.metric, ok: c.ok }),
    unscored ? t('searchUnscored', { n: unscored, what: kinds.join(t('listSep')) }) : '',
    sessions > 1 ? t('sessionsEndToEnd', { n: sessions }) : '',
  ]);
}

/** A trial's tooltip on the chart: '#12 gbdt 0.8123', 'tune-1 #3 gbdt failed'. Unescaped. */
export function trialTooltip(tr: TrialRecord, outcome: TrialOutcome, t: Translate): string {
  const what = outcome === 'ok' ? fmtScore(tr.score) : t(`trialStatus_${outcome}`);
  return `${tr.session ? `${tr.session} ` : ''}#${tr.id} ${tr.learner} ${what}`;
}

/** A leaderboard row shown once for every trial that ran its configuration. */
export interface DistinctConfig {
  row: LeaderboardRow;
  /** Trials with this configuration (1 for most). */
  runs: number;
}

/**
 * The leaderboard with each configuration once, at its best rank. A configuration is its learner
 * and its parameters as the report prints them: the search can run one configuration twice (a
 * grid point reached on two paths, 0.3548133892335751 and 0.35481338923357575), and two rows
 * the reader cannot tell apart say nothing more than one.
 */
export function distinctConfigs(rows: LeaderboardRow[]): DistinctConfig[] {
  const seen = new Map<string, DistinctConfig>();
  for (const row of rows) {
    const key = `${row.learner}\u0000${paramsSummary(row.params, Infinity)}`;
    const hit = seen.get(key);
    if (hit) hit.runs++;
    else seen.set(key, { row, runs: 1 });
  }
  return [...seen.values()];
}

/**
 * Why an ensemble was kept: it beat the best single configuration, both scored on the same
 * validation folds. Null for a single model, or when either score is unknown or the ensemble did
 * not beat it. Unescaped.
 */
export function ensembleKeptNote(input: ReportInput, t: Translate): string | null {
  const p = input.pipeline;
  const v = p?.validation;
  if (!p || !v || !p.ensemble || p.ensemble.length < 2 || !isFiniteNumber(v.score)) return null;
  // null: the producer knows of no comparison on the same rows (e.g. the labels were then tuned
  // for the metric, so the model's score is not the ensemble's): say nothing rather than guess.
  if (v.bestSingleScore === null) return null;
  const better = (a: number, b: number): boolean => (input.task.greaterIsBetter ? a > b : a < b);
  // The ensemble's score is on the folds the final choice was made on: the fresh ones when re-scored.
  const fresh = v.rescored ? (input.revalidation?.rows ?? []).map((r) => r.freshScore).filter(isFiniteNumber) : [];
  const single = isFiniteNumber(v.bestSingleScore)
    ? v.bestSingleScore
    : fresh.length
      ? fresh.reduce((a, b) => (better(b, a) ? b : a))
      : !v.rescored
        ? input.leaderboard.find((r) => isFiniteNumber(r.cvScore))?.cvScore ?? null
        : null;
  // Chosen on log loss (small data scored by accuracy): say so, and give the metric either way.
  const ll = v.ensembleLogLoss;
  if (ll && isFiniteNumber(ll.score) && isFiniteNumber(ll.bestSingleScore) && isFiniteNumber(single)) {
    return t('ensembleKeptLogLoss', { ensLl: fmtScore(ll.score), singleLl: fmtScore(ll.bestSingleScore), metric: input.task.metric, ens: fmtScore(v.score), single: fmtScore(single) });
  }
  if (!isFiniteNumber(single) || !better(v.score, single)) return null;
  return t('ensembleKept', { metric: input.task.metric, ens: fmtScore(v.score), single: fmtScore(single) });
}

/**
 * Said under the importance of a text column: it is the whole column's (its text shuffled between
 * rows), not any word's. Null when no shown feature is a text column. Unescaped.
 */
export function textImportanceNote(input: ReportInput, shown: ReportImportance['features'], t: Translate): string | null {
  const text = new Set(input.profile.columnSummaries.filter((c) => c.semantic === 'text').map((c) => c.name));
  const names = shown.filter((f) => text.has(f.name)).map((f) => `'${f.name}'`);
  if (names.length === 0) return null;
  return t('textImportance', { count: names.length, names: names.join(input.lang === 'zh' ? '、' : ', ') });
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

/**
 * The top-terms tables of the importance section: one per text block, with its caption (unescaped)
 * and rows of [group label, terms joined]. Empty when the report has none.
 */
export function topTermTables(input: ReportInput, t: Translate): { caption: string; rows: [string, string][] }[] {
  const tt = input.topTerms;
  if (!tt || tt.columns.length === 0) return [];
  const reg = input.task.kind === 'regression';
  const sep = input.lang === 'zh' ? '、' : ', ';
  return tt.columns
    .filter((c) => c.groups.some((g) => g.terms.length > 0))
    .map((c) => ({
      caption: t(reg ? 'topTermsCaptionReg' : 'topTermsCaption', {
        column: c.column,
        tokens: c.tokens === 'jieba' ? t('tokens_jieba') : c.tokens === 'word' ? t('tokens_word') : t('tokens_char'),
        learners: tt.learners.join(' + '),
        share: fmtPercent(tt.share),
      }),
      rows: c.groups.map((g): [string, string] => [reg ? t(g.label === 'higher' ? 'topTermsHigher' : 'topTermsLower') : g.label, g.terms.map((x) => x.term).join(sep) || '–']),
    }));
}
