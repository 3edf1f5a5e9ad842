/** The scorecard: one row per case (pass/fail and why), then the suite's numbers. */
import { renderTable, truncate } from '../src/cli/render/table.js';
import { scoreText } from './checks.js';
import type { CaseResult } from './run-case.js';
import type { SuiteResult } from './runner.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The score against its threshold, worded as the failure reason words it ("mae 23635.6 > 1"). */
const scoreCell = (r: CaseResult): string => (r.score ? scoreText(r.score) : '-');

/** One line per case, for live progress. */
export function caseLine(r: CaseResult, index: number, total: number): string {
  const head = `[${index + 1}/${total}] ${r.status.toUpperCase()} ${r.id} (${r.wall_seconds.toFixed(1)} s)`;
  const score = r.mode === 'run' ? ` ${scoreCell(r)}` : '';
  return r.passed ? `${head}${score}` : `${head}${score}: ${r.reasons.join('; ')}${r.xfail ? ` (known: ${r.xfail})` : ''}`;
}

export function renderScorecard(s: SuiteResult): string {
  const run = s.mode === 'run';
  const headers = run ? ['case', 'ok', 'plan', 'result', 'score', 'learner', 's', 'reason'] : ['case', 'ok', 'plan', 's', 'reason'];
  const rows = s.cases.map((r) => {
    const base = [r.id, r.status.toUpperCase(), r.status === 'skip' ? '-' : r.plan_ok ? 'ok' : 'wrong'];
    const reason = r.reasons.join('; ') || '';
    return run
      ? [...base, r.result_ok ? 'ok' : 'bad', scoreCell(r), truncate(r.best_learner ?? '-', 32), r.wall_seconds.toFixed(1), reason]
      : [...base, r.wall_seconds.toFixed(1), reason];
  });
  const table = renderTable(headers, rows, { align: run ? ['l', 'l', 'l', 'l', 'l', 'l', 'r', 'l'] : ['l', 'l', 'l', 'r', 'l'], maxWidth: 90 });
  const m = s.summary;
  const fields = Object.entries(m.plan_fields)
    .map(([k, [ok, n]]) => `${k} ${ok}/${n}`)
    .join(', ');
  // Skipped cases (nothing to check in --plan-only) are counted apart and left out of every rate.
  const skipped = m.skipped > 0 ? `, ${m.skipped} skipped: nothing to check without training` : '';
  const checked = m.cases - m.skipped;
  const of = checked === m.cases ? 'of cases' : `of ${checked} checked cases`;
  const lines = [
    `Eval ${s.suite} (${s.mode}, planner ${s.planner}${s.tags.length ? `, tags ${s.tags.join(',')}` : ''}) askml ${s.askml_version}${s.git_commit ? ` @ ${s.git_commit}` : ''}`,
    '',
    table,
    '',
    `cases            ${m.cases}: ${m.passed} passed, ${m.failed} failed (${m.unexpected_failures} unexpected, ${m.xfail} known weaknesses marked xfail${m.xpass ? `, ${m.xpass} xfail cases now pass` : ''})${skipped}`,
    `success rate     ${checked === 0 ? 'n/a (no case had anything to check)' : `${pct(m.success_rate)}${checked === m.cases ? '' : ` of ${checked} checked cases`}`}`,
    `plan accuracy    ${checked === 0 ? 'n/a' : `${pct(m.plan_accuracy)} ${of}`} (fields: ${pct(m.plan_field_accuracy)}; ${fields || 'no plan checks'})`,
  ];
  if (m.result_rate !== null) lines.push(`result checks    ${pct(m.result_rate)} of cases passed all (score, artifacts, budget)`);
  if (m.mean_normalised_score !== null) lines.push(`normalised score ${m.mean_normalised_score.toFixed(3)} (mean of score/min_score or max_score/score, capped at 1.5; 1.0 = at the threshold)`);
  lines.push(`total time       ${m.total_seconds.toFixed(1)} s`);
  return lines.join('\n');
}
