/** TaskResult: what a finished task hands back, assembled from the tool outputs. */
import { mainTermBlock, type TopTerms } from '../evaluate/top-terms.js';
import type { Plan } from '../agent/plan.js';
import { READING_WARNINGS } from '../data/profile-schema.js';
import { modelName, type LearnerRow } from '../search/schemas.js';
import type { TaskArtifacts, TaskRecord, TaskStepSummary } from './tasks.js';

export interface LeaderboardRow {
  rank: number;
  learner: string;
  score: number;
  params: { name: string; value: number | string | boolean }[];
  fitSeconds: number;
}

export interface TaskResult {
  task_id: string;
  plan: Plan;
  dataset_id: string | null;
  run_id: string | null;
  task_type: string | null;
  metric: string | null;
  /** Top trials, best first (validation scores). */
  leaderboard: LeaderboardRow[];
  /** Each learner's best configuration and trial count, best learner first. */
  learners: LearnerRow[];
  /** The saved (final) model: its learner(s) and validation score. */
  best: { learner: string; validation_score: number } | null;
  /** Test-set metrics, snake_case (accuracy, macro_f1, roc_auc, log_loss, rmse, mae, r2...). */
  test_metrics: Record<string, number | null> | null;
  artifacts: TaskArtifacts;
  wall_seconds: number;
  steps: TaskStepSummary[];
  /**
   * The main text column's top terms per class (evaluate's topTerms, up to 5 each), for the console;
   * null without text or a linear member. All of them are in evaluation.json and the report.
   */
  top_terms: { column: string; tokens: string; groups: { label: string; terms: string[] }[] } | null;
  /** True when the user cancelled: results are what the search had found by then. */
  cancelled: boolean;
  notes: string[];
  summary: NonNullable<TaskRecord['summary']>;
}

interface SearchOut {
  run_id: string;
  task: string;
  metric: string;
  leaderboard: LeaderboardRow[];
  learners: LearnerRow[];
  best: LeaderboardRow;
  finalModel: { kind: string; learners: string[]; validationScore: number | null };
  model_path: string;
  notes: string[];
}

export function taskResultOf(o: { taskId: string; plan: Plan; outputs: Record<string, unknown>; steps: TaskStepSummary[]; wallSeconds: number; cancelled: boolean }): TaskResult {
  const s = o.outputs.search_model as SearchOut | undefined;
  const tuned = o.outputs.tune as (SearchOut & { model_updated?: boolean }) | undefined;
  const search = tuned ?? s;
  // A tune that replaced the model after evaluate / export_model / report ran removed their files
  // (src/task/run-artifacts.ts): their outputs describe the old model and are not reported.
  const lastOk = (tool: string): number => o.steps.map((x) => (x.ok ? x.tool : '')).lastIndexOf(tool);
  const current = (tool: string): unknown => (tuned?.model_updated && lastOk('tune') > lastOk(tool) ? undefined : o.outputs[tool]);
  const ev = current('evaluate') as
    | { test_metrics: Record<string, number | null>; test_score: number | null; validation_score: number | null; evaluation?: { notes?: string[]; topTerms?: TopTerms | null; importance?: { columns: { column: string; mean: number }[] } | null } }
    | undefined;
  const block = mainTermBlock(ev?.evaluation?.topTerms, ev?.evaluation?.importance?.columns);
  const ex = current('export_model') as { onnx_path: string; inputs?: { name: string; type: string }[] } | undefined;
  const rep = current('report') as { html_path: string; markdown_path: string } | undefined;
  const prof = o.outputs.profile_data as { dataset_id: string; profile?: { warnings?: { code: string; message: string }[] } } | undefined;
  const exportStep = [...o.steps].reverse().find((x) => x.tool === 'export_model');
  // Evaluation notes (test rows left out: no target, or a class unseen in training) first: they qualify the test metrics.
  const reading = (prof?.profile?.warnings ?? []).filter((w) => READING_WARNINGS.has(w.code)).map((w) => `Data: ${w.message}`);
  // Columns the features leave out on their own (an id, a leak, a constant or empty column): the plan's
  // 'excluded' lists only those the instruction named, so say these too.
  const feats = o.outputs.engineer_features as { views?: { dropped: { column: string; reason: string }[] }[] } | undefined;
  const dropped = new Map<string, string>();
  for (const v of feats?.views ?? []) for (const d of v.dropped) if (d.reason !== 'excluded by request' && !dropped.has(d.column)) dropped.set(d.column, d.reason);
  const unused = dropped.size > 0 ? [`Not used as features: ${[...dropped].map(([c, r]) => `${c} (${r})`).join('; ')}.`] : [];
  // The plan lists the excluded columns already: search_model's confirmation of them is left out here.
  const searchNotes = (search?.notes ?? []).filter((n) => !n.startsWith('Left out of the features on request: '));
  const notes = [...reading, ...unused, ...(ev?.evaluation?.notes ?? []).map((n) => `Test metrics: ${n}`), ...searchNotes];
  if (exportStep && !exportStep.ok && exportStep.error) notes.push(`ONNX export skipped: ${exportStep.error.message}`);
  const finalLearner = search ? modelName(search.finalModel.learners) : null;
  const finalScore = search ? (search.finalModel.validationScore ?? search.best.score) : null;
  const test_metrics = ev ? Object.fromEntries(Object.entries(ev.test_metrics).filter(([, v]) => v !== null)) : null;
  return {
    task_id: o.taskId,
    plan: o.plan,
    dataset_id: prof?.dataset_id ?? null,
    run_id: search?.run_id ?? null,
    task_type: search?.task ?? o.plan.task_type,
    metric: search?.metric ?? o.plan.metric,
    leaderboard: (search?.leaderboard ?? []).map((r) => ({ rank: r.rank, learner: r.learner, score: r.score, params: r.params, fitSeconds: r.fitSeconds })),
    learners: search?.learners ?? [],
    best: search ? { learner: finalLearner!, validation_score: finalScore! } : null,
    test_metrics,
    artifacts: { report: rep?.html_path ?? null, report_markdown: rep?.markdown_path ?? null, model: search?.model_path ?? null, onnx: ex?.onnx_path ?? null, ...(ex?.inputs ? { onnx_inputs: ex.inputs.map((i) => `${i.name} ${i.type}`) } : {}) },
    wall_seconds: Math.round(o.wallSeconds * 100) / 100,
    steps: o.steps,
    top_terms: block ? { column: block.column, tokens: block.tokens, groups: block.groups.map((g) => ({ label: g.label, terms: g.terms.slice(0, 5).map((t) => t.term) })) } : null,
    cancelled: o.cancelled,
    notes,
    summary: {
      task_type: search?.task ?? o.plan.task_type,
      target: o.plan.target,
      metric: search?.metric ?? o.plan.metric,
      best_learner: finalLearner,
      validation_score: finalScore,
      test_score: ev?.test_score ?? null,
      test_metrics,
    },
  };
}
