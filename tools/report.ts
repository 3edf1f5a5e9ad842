/**
 * report: write the run's Markdown + HTML report. Maps the dataset profile, the plan (when a task
 * made the run), the leaderboard, the trial log, the evaluation, the feature steps, the best
 * configuration and the reproducibility facts into src/report's ReportInput.
 */
import { existsSync } from 'node:fs';
import path, { join } from 'node:path';
import { z } from 'zod';
import { askmlVersion, loadArtifact } from '../src/export/artifact.js';
import { describeFeatures } from '../src/features/describe.js';
import { foldStd, learnerSummary, readTrials, type RunInfo } from '../src/search/run-log.js';
import { displayParams } from '../src/search/learner-search.js';
import type { LeaderboardEntry, RevalidationSummary } from '../src/search/finish.js';
import { METRICS, type MetricName } from '../src/evaluate/metrics.js';
import type { ReportInput, ReportRevalidation } from '../src/report/types.js';
import { writeReport } from '../src/report/write.js';
import { getDataset, type DatasetRecord } from '../src/task/datasets.js';
import { loadRunRecord, loadSplit, type RunRecord } from '../src/task/runs.js';
import { syncRunTasks } from '../src/task/run-artifacts.js';
import { readJson, writeJsonAtomic } from '../src/util/fs.js';
import type { Plan } from '../src/agent/plan.js';
import type { EvaluationOutput } from '../src/evaluate/schemas.js';
import { defineTool } from './define-tool.js';

/** plan.json in a run folder: what a task asked for. */
export interface RunPlanFile {
  instruction: string;
  plan: Plan;
  steps: string[];
}

export function saveRunPlan(runDir: string, p: RunPlanFile): void {
  writeJsonAtomic(join(runDir, 'plan.json'), p);
}

interface EvaluationFile {
  split: string;
  evaluation: EvaluationOutput;
  points: { actual: number[]; predicted: number[] } | null;
}

function profilePart(ds: DatasetRecord, target: string): ReportInput['profile'] {
  const p = ds.profile;
  const t = p.target && p.target.name === target ? p.target : null;
  const tc = p.columns.find((c) => c.name === target);
  return {
    file: ds.path,
    rows: p.rows,
    columns: p.cols,
    columnSummaries: p.columns.map((c) => ({ name: c.name, semantic: c.semantic, role: c.name === target ? 'target' : c.role, missingShare: c.missingShare, distinct: c.distinct, reason: c.reason })),
    classCounts: t && t.task !== 'regression' ? t.classes.map((c) => ({ label: c.value, count: c.count })) : null,
    targetStats: tc?.numeric && (!t || t.task === 'regression') ? { min: tc.numeric.min, max: tc.numeric.max, mean: tc.numeric.mean, std: tc.numeric.std } : null,
    warnings: p.warnings.map((w) => w.message),
  };
}

/** The re-validated finalists, with the final model's members marked (same learner and params). */
function revalidationPart(rv: RevalidationSummary | null, members: { learner: string; params: Record<string, unknown> }[]): ReportRevalidation | null {
  if (!rv || !Array.isArray(rv.finalists) || rv.finalists.length === 0) return null;
  const key = (learner: string, params: unknown): string => `${learner}|${JSON.stringify(params ?? {})}`;
  const chosen = new Set(members.map((m) => key(m.learner, m.params)));
  return {
    repeats: rv.repeats,
    folds: rv.folds,
    rows: rv.finalists.map((f) => ({ learner: f.learner, searchScore: f.searchScore, freshScore: f.freshScore, chosen: chosen.has(key(f.learner, f.params)) })),
  };
}

export function buildReportInput(o: { workspaceDir: string; runId: string; lang: 'zh' | 'en' | null }): { input: ReportInput; dir: string; record: RunRecord } {
  const { dir, record } = loadRunRecord(o.workspaceDir, o.runId);
  const ds = getDataset(o.workspaceDir, record.datasetId);
  const planFile = readJson<RunPlanFile>(join(dir, 'plan.json')) ?? null;
  const evalFile = readJson<EvaluationFile>(join(dir, 'evaluation.json')) ?? null;
  const boardFile = readJson<{ leaderboard: LeaderboardEntry[]; revalidation?: RevalidationSummary | null }>(join(dir, 'leaderboard.json'));
  const board = boardFile?.leaderboard ?? [];
  const trialLog = readTrials(join(dir, 'trials.jsonl'));
  const runInfo = readJson<Pick<RunInfo, 'learners'>>(join(dir, 'run.json'));
  const { model } = loadArtifact(join(dir, 'model'));
  const split = loadSplit(dir);
  const lang = o.lang ?? planFile?.plan.lang ?? 'en';
  const metric = record.metric as MetricName;
  const ev = evalFile?.evaluation ?? null;
  const steps = Object.values(model.featurePipelines).flatMap((p) =>
    p ? describeFeatures(p).steps.map((s) => ({ name: `${p.view}: ${s.step}`, columns: s.inputs, reason: s.reason })) : [],
  );
  const groups = model.groups();
  const lead = [...groups].sort((a, b) => b.weight - a.weight)[0];
  const plan = planFile
    ? {
        summary: `${planFile.plan.task_type} · ${planFile.plan.target} · ${planFile.plan.metric} · ${planFile.plan.budget_seconds}s` +
          (planFile.plan.text_columns.length ? ` · text: ${planFile.plan.text_columns.join(', ')}` : '') +
          (planFile.plan.excluded_columns.length ? ` · excluded: ${planFile.plan.excluded_columns.join(', ')}` : ''),
        steps: planFile.steps,
        assumptions: planFile.plan.assumptions,
      }
    : null;
  const input: ReportInput = {
    lang,
    instruction: planFile?.instruction ?? `search_model ${path.basename(ds.path)} --target ${record.target}`,
    createdAt: new Date().toISOString(),
    task: { kind: record.task, target: record.target, metric, greaterIsBetter: METRICS[metric]?.direction !== 'lower' },
    profile: profilePart(ds, record.target),
    plan,
    leaderboard: board.map((e) => ({ learner: e.learner, params: displayParams(e.params), cvScore: e.score, cvStd: foldStd(e.foldScores), fitSeconds: e.fitSeconds })),
    revalidation: revalidationPart(boardFile?.revalidation ?? null, model.members),
    learners: learnerSummary(trialLog, metric, runInfo?.learners ?? []).map((l) => ({
      learner: l.learner,
      trials: l.trials,
      failed: l.failed,
      timedOut: l.timedOut,
      fitSeconds: l.fitSeconds,
      best: l.best ? { params: displayParams(l.best.params), cvScore: l.best.score, cvStd: l.best.scoreStd } : null,
    })),
    trials: trialLog.map((t) => ({ id: t.trialId, learner: t.learner, elapsedSeconds: t.finishedAt, score: t.score, status: t.status })),
    evaluation: ev
      ? {
          // Rows left out of the test metrics (no target, a class unseen in training) qualify every number below.
          split: `${split.source} (${ev.rows} rows)${ev.notes.length ? `. ${ev.notes.join(' ')}` : ''}`,
          metrics: [ev.primary, ...ev.metrics.filter((m) => m.name !== ev.primary.name)].map((m) => ({ name: m.name, value: m.value })),
          classification: ev.confusion && ev.perClass
            ? { labels: ev.confusion.labels, confusion: ev.confusion.matrix, perClass: ev.perClass.map((c) => ({ ...c })) }
            : null,
          regression: evalFile?.points ?? null,
        }
      : null,
    importance: ev?.importance
      ? { method: `permutation (${metric} drop, ${ev.importance.repeats} repeats, ${ev.importance.rows} rows)`, features: ev.importance.columns.map((c) => ({ name: c.column, importance: c.mean, std: c.std })) }
      : null,
    pipeline: {
      steps,
      learner: lead.learner,
      params: displayParams(lead.params),
      ensemble: groups.length > 1 ? groups.map((g) => ({ learner: g.learner, weight: g.weight })) : null,
      bagFolds: groups.find((g) => g.bagged)?.models ?? null,
    },
    repro: {
      seed: record.seed,
      budgetSeconds: record.budgetSeconds,
      maxTrials: record.maxTrials,
      wallSeconds: record.wallSeconds,
      trials: record.trials,
      askmlVersion: askmlVersion(),
      nodeVersion: process.version,
      platform: `${process.platform}-${process.arch}`,
      dataFile: ds.path,
      dataSha256: ds.sha256,
    },
  };
  return { input, dir, record };
}

export const report = defineTool({
  name: 'report',
  title: 'Write the run report',
  description:
    "Write a run's report as Markdown and self-contained HTML (report.md, report.html in the run folder): data profile, plan and assumptions, " +
    'leaderboard, search progress, test metrics with confusion matrix or residuals, feature importance, feature steps, the best configuration ' +
    "and reproducibility facts. lang: 'zh' or 'en' for the report's own text; null: the language of the instruction that made the run " +
    '(askml run / chat), else English. Call it last.',
  input: z
    .object({
      run_id: z.string().describe('From search_model'),
      lang: z.enum(['zh', 'en']).nullable().describe("Report language; null: the run's instruction language when it has one, else 'en'"),
    })
    .strict(),
  output: z.object({ markdown_path: z.string(), html_path: z.string(), evaluated: z.boolean() }).strict(),
  annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    const { input: ri, dir, record } = buildReportInput({ workspaceDir: ctx.workspaceDir, runId: input.run_id, lang: input.lang ?? ctx.lang ?? null });
    const w = await writeReport(ri, dir);
    syncRunTasks(ctx.workspaceDir, record.runId);
    return { markdown_path: w.markdownPath, html_path: w.htmlPath, evaluated: existsSync(join(dir, 'evaluation.json')) };
  },
  summarize(o) {
    return `Report written: ${o.html_path} and ${o.markdown_path}${o.evaluated ? '' : ' (no test evaluation yet: call evaluate first for test metrics)'}.`;
  },
});
