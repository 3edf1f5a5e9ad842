/**
 * search_model: decide the run's held-out test rows once, search learners and hyperparameters on
 * the training rows under a time budget (or a trial count), save the best model in the run folder.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { MAX_BUDGET_SECONDS, MAX_TRIALS_LIMIT, MIN_BUDGET_SECONDS } from '../src/search/deadline.js';
import { AskmlError } from '../src/errors.js';
import { encodeTarget } from '../src/data/target.js';
import { TaskSchema } from '../src/data/profile-schema.js';
import { MetricSchema } from '../src/agent/plan.js';
import { defaultLearnerNames } from '../src/learners/index.js';
import { checkMetric, defaultMetric } from '../src/evaluate/metrics.js';
import { datasetFrame, getDataset } from '../src/task/datasets.js';
import { newId } from '../src/task/ids.js';
import { checkTarget, decideSplit, saveSplit, type RunSplit } from '../src/task/runs.js';
import { runSearchSession } from '../src/task/run-search.js';
import { ID_PREFIX, loadRecord, runDir } from '../src/task/store.js';
import { defineTool } from './define-tool.js';
import { fmt, learnerChoices, learnerNamesText, orDefault, resolveLearners, wallCap } from './common.js';
import { modelName, SearchResultSchema, searchResultOutput, trialCountText } from '../src/search/schemas.js';
import type { SearchModelResult } from '../src/search/automl.js';
import type { FeaturesRecord } from './engineer-features.js';

export const DEFAULT_SEARCH_BUDGET = 60;
/** Most trials one search may ask for. */
export { MAX_TRIALS_LIMIT };
/** A search with max_trials and no budget_seconds still stops after wallSeconds (kept mutable for tests). */
export const TRIAL_SEARCH_LIMITS = { wallSeconds: 3600 };

export const SearchOutputSchema = SearchResultSchema.extend({
  run_id: z.string().describe('Pass to evaluate, export_model, report, tune, predict'),
  split: z
    .object({ kind: z.enum(['test_file', 'split_file', 'holdout']), source: z.string(), train_rows: z.number().int(), test_rows: z.number().int() })
    .strict()
    .describe('Where the held-out test rows come from'),
  model_updated: z.boolean().describe('False when a tune session did not beat the saved model'),
  model_path: z.string(),
}).strict();

export type SearchOutput = z.infer<typeof SearchOutputSchema>;

/** "12 trials in 3.1 s", or for a resumed run "163 trials, 22 of them in this 2.3 s session". */
export function sessionText(o: Pick<SearchOutput, 'trials' | 'sessionTrials' | 'wallSeconds'>): string {
  const s = fmt(o.wallSeconds, 1);
  const n = `${o.trials} trial${o.trials === 1 ? '' : 's'}`;
  return o.sessionTrials === o.trials ? `${n} in ${s} s` : `${n}, ${o.sessionTrials} of them in this ${s} s session`;
}

/** '5-fold CV on 1447 training rows of 1600, the others without a target' */
export function validatedOn(o: Pick<SearchOutput, 'validation' | 'split'>): string {
  const rows = o.validation.rows < o.split.train_rows ? `${o.validation.rows} training rows of ${o.split.train_rows}, the others without a target` : `${o.validation.rows} training rows`;
  return `${o.validation.kind === 'cv' ? `${o.validation.k}-fold CV` : 'holdout'} on ${rows}`;
}

/** `trialsText`: how the trials are counted (tune gives the run's total beside this session's). */
export function searchSummary(o: SearchOutput, trialsText = sessionText(o)): string {
  const bagged = ` (each learner's ${o.validation.k} cross-validation fold models averaged)`;
  const ens = o.ensemble?.kept
    ? ` Saved model: ensemble of ${o.ensemble.members.map((m) => `${m.learner} (${fmt(m.weight, 2)})`).join(', ')}, score ${fmt(o.ensemble.score)}${o.validation.kind === 'cv' ? ` on the pooled out-of-fold predictions (best single model ${fmt(o.ensemble.bestSingleScore)} on the same basis; the leaderboard shows each trial's mean over the folds)` : ` (best single model ${fmt(o.ensemble.bestSingleScore)})`}${o.finalModel.bagged ? bagged : ''}.`
    : ` Saved model: ${modelName(o.finalModel.learners)}${o.finalModel.bagged ? bagged : o.finalModel.refitOnAllRows ? ' refit on all training rows' : ' (first-fold model, no refit)'}.`;
  return (
    `Run ${o.run_id}: ${trialsText} (${o.status}); ` +
    // Finalists re-scored on fresh folds may choose another than the leaderboard's #1 (audit: "best" contradicted it).
    (o.best.rank > 1
      ? `chose ${o.best.learner} (#${o.best.rank} on the leaderboard, validation ${o.metric} ${fmt(o.best.score)}; the notes say why)`
      : `best ${o.best.learner} with validation ${o.metric} ${fmt(o.best.score)}`) +
    ` (${validatedOn(o)}; ${o.split.test_rows} test rows held out: ${o.split.source}).${ens}` +
    ` Best of each learner (score, trials): ${o.learners.map((l) => `${l.learner} ${l.bestScore === null ? 'no score' : fmt(l.bestScore)}, ${trialCountText(l)}`).join('; ')}.` +
    `${o.notes.length ? ` Notes: ${o.notes.join(' ')}` : ''}`
  );
}

/** The tool output of a search session. */
export function sessionOutput(runId: string, s: { result: SearchModelResult; modelDir: string; modelUpdated: boolean }, split: RunSplit, notes: string[]): SearchOutput {
  const base = searchResultOutput(s.result, 10);
  return {
    ...base,
    runId,
    notes: [...notes, ...base.notes],
    run_id: runId,
    split: { kind: split.kind, source: split.source, train_rows: split.trainRows, test_rows: split.testRows },
    model_updated: s.modelUpdated,
    model_path: s.modelDir,
  };
}

export const searchModelTool = defineTool({
  name: 'search_model',
  title: 'Search for the best model',
  description:
    'Search learners and their hyperparameters with cross-validation ' +
    'on the training rows, under a wall-clock budget (budget_seconds) or a trial count (max_trials, reproducible). The held-out test rows ' +
    "(the dataset's test file, its split file, or a seeded 20% holdout) are set aside once here and never seen by the search. " +
    'Returns a run_id for evaluate, export_model, report, tune and predict. task null: inferred from the target; metric null: accuracy (binary), macro_f1 (multiclass) or rmse (regression). ' +
    'Searched by default: logistic_regression, linear_svm, naive_bayes (classification), ridge, linear_regression (regression), gbdt, random_forest, extra_trees; ' +
    'knn and decision_tree only when named in include_learners. include_learners / exclude_learners take learner names or families (linear, forest, gbdt, naive_bayes, knn, decision_tree).',
  input: z
    .object({
      dataset_id: z.string().describe('From profile_data'),
      target: z.string().describe('Column to predict'),
      task: TaskSchema.nullable().describe('null: inferred from the target'),
      metric: MetricSchema.nullable().describe('Metric to optimise; null: accuracy (binary), macro_f1 (multiclass) or rmse (regression)'),
      budget_seconds: z.number().min(MIN_BUDGET_SECONDS).max(MAX_BUDGET_SECONDS).nullable().describe('Wall-clock budget in seconds (1 to 86400); null: 60 s unless max_trials is given'),
      max_trials: z
        .number()
        .int()
        .positive()
        .max(MAX_TRIALS_LIMIT)
        .nullable()
        .describe(
          `Stop after this many trials (at most ${MAX_TRIALS_LIMIT}); with budget_seconds null the run is reproducible, ` +
            `but still stops after ${TRIAL_SEARCH_LIMITS.wallSeconds} s keeping the best model so far`,
        ),
      seed: orDefault(z.number().int(), 0).describe('Random seed; null: 0'),
      include_learners: z.array(z.string()).nullable().describe(`Only these learners or families (${learnerNamesText()}); null: all but knn and decision_tree`),
      exclude_learners: orDefault(z.array(z.string()), []).describe('Never these learners or families (the names include_learners takes); null: none'),
      features_id: z.string().nullable().describe('From engineer_features: reuse its feature options; null: automatic'),
      parallelism: z.number().int().positive().max(64).nullable().describe('Worker threads; null: automatic'),
      ensemble: z
        .boolean()
        .nullable()
        .default(null)
        .describe('false: the saved model is one model a person can read (no ensemble, no averaged fold models), e.g. for an interpretable model; null: automatic'),
    })
    .strict(),
  output: SearchOutputSchema,
  annotations: { readOnlyHint: false, idempotentHint: false, openWorldHint: false },
  long: true,
  precheck(input, ctx) {
    // The task is known without reading the data when it is given, or the dataset was profiled for this target.
    const dataset = getDataset(ctx.workspaceDir, input.dataset_id);
    const task = input.task ?? (dataset.target === input.target ? dataset.task : null);
    if (!task) return;
    if (input.metric !== null) checkMetric(input.metric, task);
    if (input.include_learners) resolveLearners(input.include_learners, task, [], { field: 'include_learners' });
    resolveLearners(input.exclude_learners, task, [], { field: 'exclude_learners' });
  },
  async run(input, ctx) {
    const dataset = getDataset(ctx.workspaceDir, input.dataset_id);
    const frame = await datasetFrame(ctx.workspaceDir, dataset, ctx.signal);
    checkTarget(frame, input.target);
    const task = encodeTarget(frame, input.target, input.task ?? undefined).task;
    // A metric that cannot score the task fails now, not after the features were built (audit).
    if (input.metric !== null) checkMetric(input.metric, task);
    let featureOptions: Record<string, unknown> | null = null;
    if (input.features_id !== null) {
      const f = loadRecord<FeaturesRecord>(ctx.workspaceDir, 'features', input.features_id);
      if (f.datasetId !== dataset.id || f.target !== input.target) {
        throw new AskmlError('BAD_ARGUMENT', `Features '${f.id}' were made for dataset ${f.datasetId} and target '${f.target}', not ${dataset.id} / '${input.target}'.`, {
          hint: 'Call engineer_features for this dataset and target, or pass features_id null.',
        });
      }
      featureOptions = f.options as Record<string, unknown>;
    }
    const notes: string[] = [];
    // Columns left out on request are said in the run's answer too, not only in the report.
    const asked = (featureOptions?.exclude as string[] | undefined) ?? [];
    if (asked.length > 0) notes.push(`Left out of the features on request: ${asked.join(', ')}.`);
    // An unknown name says which list it came from (audit: 'xgb' in exclude_learners was not said).
    const included = input.include_learners && input.include_learners.length > 0
      ? resolveLearners(input.include_learners, task, notes, { field: 'include_learners' })
      : defaultLearnerNames(task);
    const excluded = new Set(resolveLearners(input.exclude_learners, task, [], { field: 'exclude_learners' }));
    const learners = included.filter((l) => !excluded.has(l));
    if (learners.length === 0) {
      throw new AskmlError('BAD_ARGUMENT', `include_learners / exclude_learners leave no learner to search for this ${task} task.${notes.length ? ` ${notes.join(' ')}` : ''}`, {
        choices: learnerChoices(task),
      });
    }
    const budget = input.budget_seconds ?? (input.max_trials === null ? DEFAULT_SEARCH_BUDGET : undefined);
    const runId = newId(ID_PREFIX.runs);
    // The split is decided before the run folder exists: a split that fails leaves no folder.
    const split = await decideSplit({ workspaceDir: ctx.workspaceDir, dataset, target: input.target, seed: input.seed, classification: task !== 'regression' });
    const dir = runDir(ctx.workspaceDir, runId);
    saveSplit(dir, split);
    ctx.log?.(`search_model: run ${runId}, ${learners.length} learners, ${split.trainRows} training rows, ${split.testRows} test rows (${split.source})`);
    // More workers than cores only slows every trial down (64 on 2 cores: 12 trials took 26 s instead of 2 s).
    const cores = availableParallelism();
    const parallelism = input.parallelism === null ? undefined : Math.min(input.parallelism, cores);
    if (input.parallelism !== null && input.parallelism > cores) {
      notes.push(`parallelism ${input.parallelism} was capped at this machine's ${cores} cores: more workers than cores make every trial slower.`);
    }
    // A trial count with no time budget still has a wall-clock cap; hitting it stops the search like a cancel.
    const cap = budget === undefined ? wallCap(ctx.signal, TRIAL_SEARCH_LIMITS.wallSeconds) : null;
    let session: Awaited<ReturnType<typeof runSearchSession>>;
    try {
      session = await runSearchSession({
        workspaceDir: ctx.workspaceDir,
        runId,
        runDir: dir,
        datasetId: dataset.id,
        target: input.target,
        // The task the whole file gives (profile), not one re-inferred from the training rows alone.
        task: input.task ?? task,
        metric: input.metric ?? defaultMetric(task),
        budgetSeconds: budget,
        maxTrials: input.max_trials ?? undefined,
        seed: input.seed,
        learners,
        parallelism,
        featuresId: input.features_id,
        featureOptions,
        resume: false,
        ensemble: input.ensemble ?? undefined,
        signal: cap?.signal ?? ctx.signal,
        hardSignal: ctx.hardSignal,
        progress: ctx.progress,
      });
    } finally {
      cap?.dispose();
    }
    if (cap?.fired()) {
      notes.push(`Stopped at the ${TRIAL_SEARCH_LIMITS.wallSeconds} s limit for searches without budget_seconds; the best model so far is saved. Give budget_seconds for a longer search.`);
    }
    return sessionOutput(runId, session, split, notes);
  },
  summarize: searchSummary,
});
