/**
 * report: write the run's Markdown + HTML report. Maps the dataset profile, the plan (when a task
 * made the run), the leaderboard, the trial log, the evaluation, the feature steps, the saved
 * model (as saved: one learner, or an ensemble of its members) with its validation score, the
 * run's status and notes, and the reproducibility facts into src/report's ReportInput.
 *
 * A run is its own folder (first search and `askml resume` sessions) plus one tune-<n>/ folder
 * per `askml resume --learner` session: trials, per-learner table and leaderboard cover all of
 * them, as record.json's trial count and wall time do (`askml runs`).
 */
import { existsSync } from 'node:fs';
import path, { join } from 'node:path';
import { z } from 'zod';
import { askmlVersion, isPartialFit } from '../src/export/artifact.js';
import { loadRunModel } from './common.js';
import { describeFeatures } from '../src/features/describe.js';
import { foldStd, learnerSummary, readTrials, TIME_LIMIT_ERROR, tuneSessionDirs, type RunInfo, type TrialRecord as LogTrial } from '../src/search/run-log.js';
import { displayParams } from '../src/search/learner-search.js';
import type { LeaderboardEntry, RevalidationSummary } from '../src/search/finish.js';
import { modelName } from '../src/search/schemas.js';
import { METRICS, metricLoss, type MetricName } from '../src/evaluate/metrics.js';
import type { ReportInput, ReportRevalidation, TrialRecord } from '../src/report/types.js';
import { writeReport } from '../src/report/write.js';
import { getDataset, type DatasetRecord } from '../src/task/datasets.js';
import { loadRunRecord, loadSplit, type RunRecord } from '../src/task/runs.js';
import { syncRunTasks } from '../src/task/run-artifacts.js';
import { isFinalModelNote } from '../src/task/run-search.js';
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

/**
 * What made a run without a plan (search_model called directly), as the CLI would say it: the
 * file, target, metric, budget or trial count, and columns the features excluded.
 */
function toolCallText(
  file: string,
  r: { target: string; metric: string; budgetSeconds: number | null; maxTrials: number | null },
  excluded: ReadonlySet<string>,
  first: { budgetSeconds: number | null; maxTrials: number | null } | null = null,
): string {
  const limitOf = (x: { budgetSeconds: number | null; maxTrials: number | null }): string =>
    x.maxTrials !== null && x.maxTrials !== undefined ? ` --trials ${x.maxTrials}` : x.budgetSeconds !== null && x.budgetSeconds !== undefined ? ` --budget ${x.budgetSeconds}` : '';
  // The call that made the run (request.json); a resumed run's record holds its last session's limit.
  const made = limitOf(first ?? r);
  const last = limitOf(r);
  return `search_model ${file} --target ${r.target} --metric ${r.metric}${made}${excluded.size ? ` (features without ${[...excluded].join(', ')})` : ''}` +
    (first && last !== made ? `; last session${last}` : '');
}

/**
 * The data profile for the report: the run's target marked as such (a profile made without one
 * may have guessed another column: that one is a plain feature here), and the columns the run's
 * features were told to exclude marked 'excluded' (runs made through the tools have no plan to say so).
 */
function profilePart(ds: DatasetRecord, target: string, excluded: ReadonlySet<string> = new Set(), inputs?: ReadonlySet<string>): ReportInput['profile'] {
  const p = ds.profile;
  // "The test file lacks column(s) 'a', 'b' ...": moot once the saved model reads none of them.
  const moot = (w: (typeof p.warnings)[number]): boolean => {
    const list = w.code === 'test_missing_columns' && inputs ? /^The test file lacks column\(s\) '(.*)' of the training file;/s.exec(w.message) : null;
    return list !== null && list[1].split("', '").every((c) => !inputs!.has(c));
  };
  const t = p.target && p.target.name === target ? p.target : null;
  const tc = p.columns.find((c) => c.name === target);
  const roleOf = (c: (typeof p.columns)[number]): { role: string; reason: string | null } =>
    c.name === target ? { role: 'target', reason: c.reason ?? null }
    : excluded.has(c.name) ? { role: 'excluded', reason: 'excluded by request' }
    : c.role === 'target' ? { role: 'feature', reason: null }
    : { role: c.role, reason: c.reason ?? null };
  return {
    file: ds.path,
    rows: p.rows,
    columns: p.cols,
    columnSummaries: p.columns.map((c) => ({ name: c.name, semantic: c.semantic, ...roleOf(c), missingShare: c.missingShare, distinct: c.distinct })),
    classCounts: t && t.task !== 'regression' ? t.classes.map((c) => ({ label: c.value, count: c.count })) : null,
    targetStats: tc?.numeric && (!t || t.task === 'regression') ? { min: tc.numeric.min, max: tc.numeric.max, mean: tc.numeric.mean, std: tc.numeric.std } : null,
    warnings: p.warnings.filter((w) => !moot(w)).map((w) => w.message),
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

interface BoardFile {
  leaderboard: LeaderboardEntry[];
  revalidation?: RevalidationSummary | null;
  notes?: string[];
  /** The session's greedy ensemble: kept when it became the saved model; its best single member's score on the same rows. */
  ensemble?: { score: number; bestSingleScore: number; kept: boolean; logLoss?: { score: number; bestSingleScore: number } } | null;
}

/** One folder of search sessions: the run's own (session null) or a tune-<n>/ folder. */
interface SessionFolder {
  session: string | null;
  trials: LogTrial[];
  board: BoardFile | null;
  /** Sessions run in it (run.json `sessions`; a tune folder whose run.json is missing or torn still counts once). */
  sessions: number;
}

function readJsonSafe<T>(file: string): T | null {
  try {
    return readJson<T>(file) ?? null;
  } catch {
    return null; // torn by a kill while it was written
  }
}

/** The run folder, then its tune-<n>/ folders in order. */
function sessionFolders(dir: string): SessionFolder[] {
  const folder = (d: string, session: string | null): SessionFolder => ({
    session,
    trials: readTrials(join(d, 'trials.jsonl')),
    board: readJsonSafe<BoardFile>(join(d, 'leaderboard.json')),
    sessions: Math.max(1, readJsonSafe<Pick<RunInfo, 'sessions'>>(join(d, 'run.json'))?.sessions ?? 1),
  });
  return [folder(dir, null), ...tuneSessionDirs(dir).map((t) => folder(t.dir, `tune-${t.n}`))];
}

/**
 * Every trial of the run for the progress chart. A trial's `finishedAt` counts from the start of
 * its session, and a folder's log is appended as trials finish, so a drop marks the next session:
 * the sessions are laid end to end (the run folder's first, then each tune folder's).
 */
function reportTrials(folders: SessionFolder[]): TrialRecord[] {
  const out: TrialRecord[] = [];
  let base = 0;
  let end = 0;
  for (const f of folders) {
    let prev = -Infinity;
    base += end;
    end = 0;
    for (const t of f.trials) {
      const at = Number.isFinite(t.finishedAt) ? t.finishedAt : end;
      if (at < prev) {
        base += end;
        end = 0;
      }
      prev = at;
      end = Math.max(end, at);
      const status = t.status === 'failed' && t.error?.startsWith(TIME_LIMIT_ERROR) ? 'timed_out' : t.status;
      out.push({ id: t.trialId, learner: t.learner, elapsedSeconds: base + at, score: t.score, status, ...(f.session ? { session: f.session } : {}) });
    }
  }
  return out;
}

/** The leaderboards of all folders as one ranking (a single folder's is kept as it is). */
function mergedLeaderboard(folders: SessionFolder[], metric: MetricName): LeaderboardEntry[] {
  const all = folders.flatMap((f) => f.board?.leaderboard ?? []);
  if (folders.filter((f) => f.board).length <= 1) return all;
  const loss = (e: LeaderboardEntry): number => (Number.isFinite(e.score) ? metricLoss(metric, e.score) : Infinity);
  return all.map((e, i) => ({ e, i })).sort((a, b) => loss(a.e) - loss(b.e) || a.i - b.i).map((x) => x.e);
}

/**
 * The run's notes: record.json's are the last session's (a tune session's, after one), so the notes
 * of the run's own search (its leaderboard.json: which learners were not searched, its validation)
 * come first when the record lacks them. Its notes about how its final model was fitted are left
 * out: the record keeps those of the saved model.
 */
function runNotes(record: RunRecord, own: SessionFolder): string[] {
  const last = record.notes ?? [];
  const earlier = (own.board?.notes ?? []).filter((n) => !last.includes(n) && !isFinalModelNote(n));
  return [...earlier, ...last];
}

export function buildReportInput(o: { workspaceDir: string; runId: string; lang: 'zh' | 'en' | null }): { input: ReportInput; dir: string; record: RunRecord } {
  const { dir, record } = loadRunRecord(o.workspaceDir, o.runId);
  const ds = getDataset(o.workspaceDir, record.datasetId);
  const planFile = readJson<RunPlanFile>(join(dir, 'plan.json')) ?? null;
  const evalFile = readJson<EvaluationFile>(join(dir, 'evaluation.json')) ?? null;
  const folders = sessionFolders(dir);
  const board = mergedLeaderboard(folders, record.metric as MetricName);
  // Every session's trials: the run's own search and resumes, and its tune-<n>/ sessions.
  const trialLog = folders.flatMap((f) => f.trials);
  const runInfo = readJson<Pick<RunInfo, 'learners' | 'validation'>>(join(dir, 'run.json'));
  const { model } = loadRunModel(dir, record.runId);
  const split = loadSplit(dir);
  const lang = o.lang ?? planFile?.plan.lang ?? 'en';
  const metric = record.metric as MetricName;
  const ev = evalFile?.evaluation ?? null;
  const steps = Object.values(model.featurePipelines).flatMap((p) =>
    p ? describeFeatures(p).steps.map((s) => ({ name: `${p.view}: ${s.step}`, columns: s.inputs, reason: s.reason })) : [],
  );
  // The saved model as it is: one configuration (its bagged fold models folded in), or an ensemble of several.
  const groups = model.groups();
  const single = groups.length === 1 ? groups[0] : null;
  // The revalidation of the session whose finalists include the saved model (latest first).
  const revalidations = folders.map((f) => revalidationPart(f.board?.revalidation ?? null, model.members));
  // None holds the saved model (a resumed session whose candidate was not kept): no table, as its
  // finalists would describe the rejected candidate (audit).
  const revalidation = [...revalidations].reverse().find((r) => r?.rows.some((x) => x.chosen)) ?? null;
  const validation = record.validation ?? runInfo?.validation ?? null;
  const validationScore = Number.isFinite(record.bestScore) ? record.bestScore : model.validationScore;
  // The session whose ensemble is the saved model (its score is the model's validation score).
  const keptEnsemble = folders.map((f) => f.board?.ensemble).find((e) => e?.kept && typeof validationScore === 'number' && Math.abs(e.score - validationScore) <= 1e-12 * Math.max(1, Math.abs(e.score))) ?? null;
  // A run by trial count says its trials, not the plan's unused time; named learners are part of the plan (audit).
  const request = readJson<{ budgetSeconds: number | null; maxTrials: number | null }>(join(dir, 'request.json')) ?? null;
  const plan = planFile
    ? {
        summary: `${planFile.plan.task_type} · ${planFile.plan.target} · ${planFile.plan.metric} · ${request?.maxTrials ? `${request.maxTrials} trials` : `${planFile.plan.budget_seconds}s`}` +
          (planFile.plan.text_columns.length ? ` · text: ${planFile.plan.text_columns.join(', ')}` : '') +
          (planFile.plan.excluded_columns.length ? ` · excluded: ${planFile.plan.excluded_columns.join(', ')}` : '') +
          (planFile.plan.include_learners?.length ? ` · learners: ${planFile.plan.include_learners.join(', ')}` : '') +
          (planFile.plan.exclude_learners.length ? ` · not: ${planFile.plan.exclude_learners.join(', ')}` : ''),
        steps: planFile.steps,
        assumptions: planFile.plan.assumptions,
      }
    : null;
  // Columns the run's features excluded on request (engineer_features' exclude_columns; a plan lists its own).
  const excluded = new Set(Array.isArray(record.featureOptions?.exclude) ? (record.featureOptions.exclude as string[]) : []);
  const input: ReportInput = {
    lang,
    instruction: planFile?.instruction ?? toolCallText(path.basename(ds.path), record, excluded, request),
    createdAt: new Date().toISOString(),
    task: { kind: record.task, target: record.target, metric, greaterIsBetter: METRICS[metric]?.direction !== 'lower' },
    profile: profilePart(ds, record.target, excluded, new Set(model.inputColumns)),
    plan,
    leaderboard: board.map((e) => ({ learner: e.learner, params: displayParams(e.params), cvScore: e.score, cvStd: foldStd(e.foldScores), fitSeconds: e.fitSeconds })),
    revalidation,
    learners: learnerSummary(trialLog, metric, runInfo?.learners ?? []).map((l) => ({
      learner: l.learner,
      trials: l.trials,
      failed: l.failed,
      timedOut: l.timedOut,
      fitSeconds: l.fitSeconds,
      best: l.best ? { params: displayParams(l.best.params), cvScore: l.best.score, cvStd: l.best.scoreStd } : null,
    })),
    trials: reportTrials(folders),
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
    topTerms: ev?.topTerms ?? null,
    importance: ev?.importance
      ? { method: `permutation (${metric} ${METRICS[metric as MetricName]?.direction === 'lower' ? 'rise' : 'drop'}, ${ev.importance.repeats} repeats, ${ev.importance.rows} rows)`, features: ev.importance.columns.map((c) => ({ name: c.column, importance: c.mean, std: c.std })) }
      : null,
    pipeline: {
      steps,
      learner: single ? single.learner : modelName(groups.map((g) => g.learner)),
      params: single ? displayParams(single.params) : {},
      ensemble: single ? null : groups.map((g) => ({ learner: g.learner, weight: g.weight, params: displayParams(g.params) })),
      bagFolds: groups.find((g) => g.bagged)?.models ?? null,
      // Neither refit on all rows nor bagged fold models: the search was stopped (or ran out of time) before the refit.
      firstFold: isPartialFit(model),
      validation: validation
        ? { score: validationScore ?? null, kind: validation.kind, folds: validation.k, rescored: !!revalidation?.rows.some((r) => r.chosen), bestSingleScore: keptEnsemble?.bestSingleScore ?? null, ...(keptEnsemble?.logLoss ? { ensembleLogLoss: keptEnsemble.logLoss } : {}) }
        : null,
    },
    repro: {
      seed: record.seed,
      budgetSeconds: record.budgetSeconds,
      maxTrials: record.maxTrials,
      // record.json: budget and trial limit of the last session, wall time of all; the renderers say so when there were several.
      wallSeconds: record.wallSeconds,
      // every folder's log, as runTrialCount counts them (read once above)
      trials: trialLog.length,
      sessions: folders.reduce((a, f) => a + f.sessions, 0),
      askmlVersion: askmlVersion(),
      nodeVersion: process.version,
      platform: `${process.platform}-${process.arch}`,
      dataFile: ds.path,
      dataSha256: ds.sha256,
    },
    status: record.status ?? null,
    notes: runNotes(record, folders[0]),
  };
  return { input, dir, record };
}

export const report = defineTool({
  name: 'report',
  title: 'Write the run report',
  description:
    "Write a run's report as Markdown and self-contained HTML (report.md, report.html in the run folder): data profile, plan and assumptions, " +
    'leaderboard and search progress over all sessions of the run (tune sessions included), the run\'s notes and, when the search was cancelled, its status, ' +
    'test metrics with confusion matrix or residuals, feature importance, feature steps, the saved model (one learner and its parameters, or an ensemble ' +
    "with its members' weights) with its validation score, and reproducibility facts. lang: 'zh' or 'en' for the report's own text; null: the language of the instruction that made the run " +
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
