/** Text for people: the plan, the leaderboard, test metrics and artifact paths of a run. */
import type { Plan } from '../../agent/plan.js';
import { displayParams } from '../../search/learner-search.js';
import { trialCountText, type LearnerRow } from '../../search/schemas.js';
import { formatNum, renderTable } from './table.js';

/** The plan; with `trials` (askml run --trials) the trial count stands where the budget would. */
export function renderPlan(plan: Plan, o: { trials?: number } = {}): string {
  const lines = [
    'Plan',
    `  task type       ${plan.task_type}`,
    `  target          ${plan.target}`,
    `  metric          ${plan.metric}`,
    `  text columns    ${plan.text_columns.length ? plan.text_columns.join(', ') : '(none)'}`,
    `  excluded        ${plan.excluded_columns.length ? plan.excluded_columns.join(', ') : '(none)'}`,
    o.trials !== undefined ? `  trials          ${o.trials} (no time budget)` : `  budget          ${plan.budget_seconds} s`,
  ];
  if (plan.include_learners) lines.push(`  learners        ${plan.include_learners.join(', ')}`);
  if (plan.exclude_learners.length) lines.push(`  not learners    ${plan.exclude_learners.join(', ')}`);
  if (plan.assumptions.length) lines.push('  assumptions', ...plan.assumptions.map((a) => `    - ${a}`));
  return lines.join('\n');
}

export interface BoardRow {
  rank: number;
  learner: string;
  score: number;
  params: { name: string; value: number | string | boolean }[];
  fitSeconds: number;
}

function paramText(list: BoardRow['params']): string {
  return Object.entries(displayParams(Object.fromEntries(list.map((x) => [x.name, x.value]))))
    .filter(([name]) => !name.startsWith('__'))
    .map(([name, value]) => `${name}=${typeof value === 'number' ? formatNum(value) : String(value)}`)
    .join(' ');
}

/** One row per learner: its best validation score, trial count and best configuration. */
export function renderLearners(rows: readonly LearnerRow[], metric: string): string {
  if (rows.length === 0) return 'Learners: none tried.';
  return `Learners (best validation ${metric} of each)\n${renderTable(
    ['#', 'learner', metric, '± sd', 'trials', 'fit s', 'best params'],
    rows.map((r, i) => [
      String(i + 1),
      r.learner,
      r.bestScore === null ? '-' : formatNum(r.bestScore),
      r.bestScoreStd === null ? '' : Math.abs(r.bestScoreStd) < 10 ? r.bestScoreStd.toFixed(4) : formatNum(r.bestScoreStd),
      trialCountText(r),
      r.fitSeconds.toFixed(1),
      r.bestScore !== null ? paramText(r.bestParams) : r.trials === 0 ? '(not started; the notes say why)' : '(no trial scored)',
    ]),
    { align: ['r', 'l', 'r', 'r', 'r', 'r', 'l'], maxWidth: 60 },
  )}`;
}

export function renderLeaderboard(rows: readonly BoardRow[], metric: string, top = 10): string {
  if (rows.length === 0) return 'Leaderboard: no finished trial.';
  return `Leaderboard (validation ${metric})\n${renderTable(
    ['#', 'learner', metric, 'fit s', 'params'],
    rows.slice(0, top).map((r) => [String(r.rank), r.learner, formatNum(r.score), r.fitSeconds.toFixed(2), paramText(r.params)]),
    { align: ['r', 'l', 'r', 'r', 'l'], maxWidth: 60 },
  )}`;
}

/** The model the run saved, tested and exported: an ensemble's members, with its own validation score. */
export function renderSavedModel(best: { learner: string; validation_score: number } | null, metric: string): string {
  return best ? `Saved model: ${best.learner} (validation ${metric} ${formatNum(best.validation_score)})` : 'Saved model: none';
}

export function renderMetrics(m: Record<string, number | null> | null, title = 'Test metrics'): string {
  if (!m) return `${title}: not evaluated.`;
  const rows = Object.entries(m).filter(([, v]) => v !== null) as [string, number][];
  return `${title}\n${rows.map(([k, v]) => `  ${k.padEnd(18)}${formatNum(v)}`).join('\n')}`;
}

export function renderArtifacts(a: { report: string | null; model: string | null; onnx: string | null; onnx_inputs?: string[] }): string {
  const lines = ['Artifacts', `  report  ${a.report ?? '(none)'}`, `  model   ${a.model ?? '(none)'}`, `  onnx    ${a.onnx ?? '(not exported)'}`];
  // What to feed model.onnx: raw columns, or a precomputed TF-IDF matrix for word / jieba text.
  if (a.onnx && a.onnx_inputs?.length) lines.push(`          inputs: ${a.onnx_inputs.join(', ')}`);
  return lines.join('\n');
}
