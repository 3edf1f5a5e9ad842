/**
 * tune: a further search session of an existing run. learner given -> a deeper search of that
 * learner from its best configuration in the run (src/search/tune.ts, in a sub-folder tune-<n>/);
 * learner null -> resume the run's own search over all its learners (as `askml resume`). The same
 * training rows and metric are used; the saved model is replaced only when the new best beats it.
 */
import { z } from 'zod';
import { MIN_BUDGET_SECONDS } from '../src/search/deadline.js';
import { AskmlError } from '../src/errors.js';
import { loadRunRecord, loadSplit } from '../src/task/runs.js';
import { withRunLock } from '../src/task/run-lock.js';
import { existingRunDir } from '../src/task/store.js';
import { runSearchSession } from '../src/task/run-search.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { fmt, learnerChoices, orDefault, resolveLearners } from './common.js';
import { SearchOutputSchema, searchSummary, sessionOutput, type SearchOutput } from './search-model.js';

/** tune's budget when budget_seconds is null. */
export const DEFAULT_TUNE_BUDGET = 30;

export const tune = defineTool({
  name: 'tune',
  title: 'Tune a run further',
  description:
    'Continue an existing run with more budget: learner given -> a deeper search of that learner only, starting from its best configuration ' +
    "in the run; learner null -> resume the run's search over all its learners (earlier trials are kept). The same training rows and metric " +
    'are used, and the saved model is replaced only if the new best validation score is better. Returns the updated leaderboard and best. ' +
    'One tune at a time per run: a second call on a run that is being tuned fails with BAD_ARGUMENT until the first finishes.',
  input: z
    .object({
      run_id: z.string().describe('From search_model'),
      learner: z
        .string()
        .nullable()
        .describe(
          'One learner name (gbdt, logistic_regression, random_forest...; a family name only when it has a single learner for the task, ' +
            "e.g. 'gbdt', not 'forest' or 'linear') or null for all learners of the run",
        ),
      budget_seconds: orDefault(z.number().min(MIN_BUDGET_SECONDS).max(86_400), DEFAULT_TUNE_BUDGET).describe(
        `Extra wall-clock budget in seconds (at most 86400); null: ${DEFAULT_TUNE_BUDGET} s`,
      ),
    })
    .strict(),
  output: SearchOutputSchema,
  annotations: { readOnlyHint: false, idempotentHint: false, openWorldHint: false },
  long: true,
  async run(input, ctx) {
    // The record is read under the lock: a session that just finished has written its trials.
    const what = `tune (${input.learner === null ? 'all learners' : `learner ${input.learner}`})`;
    return withRunLock(existingRunDir(ctx.workspaceDir, input.run_id), input.run_id, what, () => tuneRun(input, ctx));
  },
  summarize: searchSummary,
});

async function tuneRun(input: { run_id: string; learner: string | null; budget_seconds: number }, ctx: ToolContext): Promise<SearchOutput> {
  const { dir, record } = loadRunRecord(ctx.workspaceDir, input.run_id);
  const notes: string[] = [];
  let tuneLearner: string | undefined;
  if (input.learner !== null) {
    const names = resolveLearners([input.learner], record.task, notes);
    if (names.length === 0) {
      throw new AskmlError('UNKNOWN_LEARNER', `Learner '${input.learner}' cannot fit a ${record.task} task.`, { choices: learnerChoices(record.task), value: input.learner });
    }
    if (names.length > 1) {
      throw new AskmlError('BAD_ARGUMENT', `'${input.learner}' is a family of ${names.length} learners; tune takes one learner.`, { choices: names });
    }
    tuneLearner = names[0];
  }
  const split = loadSplit(dir);
  const before = record.bestScore;
  const session = await runSearchSession({
    workspaceDir: ctx.workspaceDir,
    runId: record.runId,
    runDir: dir,
    datasetId: record.datasetId,
    target: record.target,
    task: record.task,
    metric: record.metric,
    budgetSeconds: input.budget_seconds,
    maxTrials: undefined,
    seed: record.seed,
    learners: tuneLearner ? [tuneLearner] : record.learners,
    parallelism: undefined,
    featuresId: record.featuresId,
    featureOptions: record.featureOptions,
    resume: !tuneLearner,
    tuneLearner,
    previous: record,
    signal: ctx.signal,
    progress: ctx.progress,
  });
  notes.push(
    session.modelUpdated
      ? `Best validation ${record.metric} ${fmt(before)} -> ${fmt(session.record.bestScore)}; the saved model was replaced.`
      : `No improvement over the saved model's validation ${record.metric} ${fmt(before)}; it is kept.`,
  );
  return sessionOutput(record.runId, session, split, notes);
}
