/**
 * tune: a further search session of an existing run. learner given -> a deeper search of that
 * learner from its best configuration in the run or its earlier tune sessions (src/search/tune.ts, in a
 * sub-folder tune-<n>/; a killed session of the same learner is continued in its folder);
 * learner null -> resume the run's own search over all its learners (as `askml resume`). The same
 * training rows and metric are used; the saved model is replaced only when the new best beats it.
 *
 * A run whose search was interrupted (killed: no record.json) is continued from its run log with
 * every finished trial kept (src/task/run-recover.ts). When the model is replaced, the files made
 * from the old one (evaluation.json, model.onnx, report.*) are removed, and the output says to call
 * evaluate, export_model and report again: tune stays within the budget the client gave it, and a
 * client never reads an old model.onnx next to the new model. `askml resume` makes them again itself.
 * missing_files lists the ones the saved model lacks after the session, replaced or not (a process
 * killed before it made them, a model replaced by an earlier tune, a run made by search_model alone).
 * When the model is kept, the notes about how this session's candidate was fitted say it was not kept.
 *
 * The summary counts trials as the run record does (run_trials: the run's own search and every tune
 * session), with this session's share, as `askml resume` prints it; and it sends the client to
 * export_model only for a model that can be exported (export_unsupported says why not, e.g. knn).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { MAX_BUDGET_SECONDS, MIN_BUDGET_SECONDS } from '../src/search/deadline.js';
import { AskmlError } from '../src/errors.js';
import { loadArtifact } from '../src/export/artifact.js';
import { exportUnsupported } from '../src/export/export-pipeline.js';
import type { TrainedModel } from '../src/search/trained-model.js';
import { loadRunRecord, loadSplit, type RunRecord } from '../src/task/runs.js';
import { recoverRunRecord } from '../src/task/run-recover.js';
import { withRunLock } from '../src/task/run-lock.js';
import { existingRunDir } from '../src/task/store.js';
import { candidateNote, isFinalModelNote, runSearchSession, scoreChange } from '../src/task/run-search.js';
import { hasSavedModel, missingModelFiles } from '../src/task/run-artifacts.js';
import { modelName, trialCountText } from '../src/search/schemas.js';
import { learnersWithTrials, noTrialError } from '../src/search/tune.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { fmt, learnerNamesText, orDefault, resolveLearners, singleLearnerChoices } from './common.js';
import { SearchOutputSchema, searchSummary, sessionOutput, sessionText, validatedOn } from './search-model.js';

/** tune's budget when budget_seconds is null. */
export const DEFAULT_TUNE_BUDGET = 30;

export const TuneOutputSchema = SearchOutputSchema.extend({
  removed_files: z
    .array(z.string())
    .describe(
      'Files made from the replaced model that were removed (evaluation.json, model.onnx, report.md, report.html): call evaluate, export_model and report again for the new model',
    ),
  missing_files: z
    .array(z.string())
    .describe(
      'Files made from the saved model that the run folder lacks now (evaluation.json, model.onnx, report.md, report.html): removed with a replaced model, ' +
        'or never made (an earlier process stopped first, or only search_model ran). Call evaluate, export_model and report to make them',
    ),
  recovered: z.boolean().describe('True when the run had been interrupted (no saved model) and was continued from its finished trials'),
  run_trials: z
    .number()
    .int()
    .describe("Finished trials of the whole run, as its record and askml://runs count them: its own search and every tune session (trials: those of the search this session continued)"),
  export_unsupported: z
    .string()
    .nullable()
    .describe('Why export_model cannot export the saved model (e.g. a knn model), when the run has no model.onnx; null when it can be exported or model.onnx exists'),
}).strict();

export type TuneOutput = z.infer<typeof TuneOutputSchema>;

export const tune = defineTool({
  name: 'tune',
  title: 'Tune a run further',
  description:
    'Continue an existing run with more budget: learner given -> a deeper search of that learner only, on the run\'s folds, starting from its best configuration ' +
    "in the run or its earlier tune sessions (a killed tune session of that learner is continued with its trials); learner null -> resume the run's search over all its learners (earlier trials are kept). The same training rows and metric " +
    'are used, and the saved model is replaced only if the new best validation score is better. A run whose search was interrupted (its process ' +
    'was killed) is continued from its finished trials. Returns the updated leaderboard and best. When the saved model is replaced, its old ' +
    'evaluation.json, model.onnx and report are removed (removed_files): call evaluate, export_model and report again. ' +
    'One tune at a time per run: a second call on a run that is being tuned fails with BAD_ARGUMENT until the first finishes.',
  input: z
    .object({
      run_id: z.string().describe('From search_model'),
      learner: z
        .string()
        .nullable()
        .describe(
          `One learner name (${learnerNamesText({ families: false })}; a family name only when just one of its learners fits the task or ` +
            "ran in this run, e.g. 'gbdt'; 'forest' or 'linear' when the run tried only one of its learners) or null for all learners of the run",
        ),
      budget_seconds: orDefault(z.number().min(MIN_BUDGET_SECONDS).max(MAX_BUDGET_SECONDS), DEFAULT_TUNE_BUDGET).describe(
        `Extra wall-clock budget in seconds (at most 86400); null: ${DEFAULT_TUNE_BUDGET} s`,
      ),
    })
    .strict(),
  output: TuneOutputSchema,
  annotations: { readOnlyHint: false, idempotentHint: false, openWorldHint: false },
  long: true,
  precheck(input, ctx) {
    // A run with its record (not an interrupted one, which run recovers first): the learner must be one tune can start from.
    if (input.learner === null) return;
    const dir = existingRunDir(ctx.workspaceDir, input.run_id);
    if (!existsSync(join(dir, 'record.json'))) return;
    tuneLearnerName(loadRunRecord(ctx.workspaceDir, input.run_id).record, dir, false, input.learner, []);
  },
  async run(input, ctx) {
    // The record is read under the lock: a session that just finished has written its trials, and
    // a run searched by a live process is refused as busy (never mistaken for an interrupted one).
    const what = `tune (${input.learner === null ? 'all learners' : `learner ${input.learner}`})`;
    return withRunLock(existingRunDir(ctx.workspaceDir, input.run_id), input.run_id, what, () => tuneRun(input, ctx));
  },
  summarize: (o) => tuneSummary(o),
});

/** The run's record, or one rebuilt from the folder of an interrupted run. */
async function recordOf(ctx: ToolContext, runId: string): Promise<{ dir: string; record: RunRecord; recovered: string | null; restart: boolean }> {
  const dir = existingRunDir(ctx.workspaceDir, runId);
  if (existsSync(join(dir, 'record.json'))) return { ...loadRunRecord(ctx.workspaceDir, runId), recovered: null, restart: false };
  const r = await recoverRunRecord({ workspaceDir: ctx.workspaceDir, runId, dir, signal: ctx.signal });
  return { dir, record: r.record, recovered: r.note, restart: r.restart };
}

/** The saved model as the output's finalModel describes a model. */
function savedModelInfo(model: TrainedModel): TuneOutput['finalModel'] {
  const groups = model.groups();
  return {
    kind: model.kind,
    learners: groups.map((g) => g.learner),
    refitOnAllRows: model.members.every((m) => m.refit),
    bagged: groups.some((g) => g.bagged),
    validationScore: model.validationScore,
  };
}

/**
 * The one learner a tune of `learner` searches. The choices offered are the learners tune can start
 * from: those with a finished trial in the run (an interrupted run finishes its own search, so any
 * of its learners); another one has no trial to start from (audit).
 */
function tuneLearnerName(record: RunRecord, dir: string, recovered: boolean, learner: string, notes: string[]): string {
  const tried = recovered ? [] : learnersWithTrials(dir);
  const offer = tried.length > 0 ? tried : record.learners;
  let names = resolveLearners([learner], record.task, notes, { single: true, offer });
  // A family ('forest') names the one of its learners that ran, when only one did.
  if (names.length > 1 && tried.length > 0) {
    const ran = names.filter((n) => tried.includes(n));
    if (ran.length === 0) throw new AskmlError('NOT_FOUND', `Run '${record.runId}' has no finished trial of a '${learner}' learner (${names.join(', ')}).`, { choices: tried, value: learner });
    if (ran.length === 1) {
      notes.push(`'${learner}' was taken as ${ran[0]}: the only one of its learners (${names.join(', ')}) with a finished trial in this run.`);
      names = ran;
    }
  }
  if (names.length === 0) {
    throw new AskmlError('UNKNOWN_LEARNER', `Learner '${learner}' cannot fit a ${record.task} task.`, { choices: offer.length > 0 ? offer : singleLearnerChoices(record.task), value: learner });
  }
  if (names.length > 1) {
    throw new AskmlError('BAD_ARGUMENT', `'${learner}' is a family of ${names.length} learners; tune takes one learner.`, { choices: names });
  }
  // A learner of the run that never finished a trial has nothing to start from.
  if (tried.length > 0 && !tried.includes(names[0])) throw noTrialError(record.runId, names[0], tried);
  return names[0];
}

async function tuneRun(input: { run_id: string; learner: string | null; budget_seconds: number }, ctx: ToolContext): Promise<TuneOutput> {
  const { dir, record, recovered, restart } = await recordOf(ctx, input.run_id);
  const notes: string[] = recovered ? [recovered] : [];
  let tuneLearner: string | undefined;
  let learners = record.learners;
  if (input.learner !== null) {
    const name = tuneLearnerName(record, dir, recovered !== null, input.learner, notes);
    if (recovered) {
      // An interrupted run has no finished search to start a deeper one from: finish its own search, with this learner only.
      learners = [name];
      notes.push(`The run's own search was ${record.trials > 0 ? 'continued' : 'run'} with ${name} only; tune it deeper once the run has a saved model.`);
    } else tuneLearner = name;
  }
  const split = loadSplit(dir);
  const before = record.bestScore;
  // A finished run whose model folder was removed has nothing to replace: this session's model is saved.
  const hadModel = hasSavedModel(dir);
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
    learners: tuneLearner ? [tuneLearner] : learners,
    parallelism: undefined,
    featuresId: record.featuresId,
    featureOptions: record.featureOptions,
    ensemble: record.ensemble,
    resume: !tuneLearner,
    tuneLearner,
    previous: record,
    recovered: recovered !== null,
    restart,
    signal: ctx.signal,
    hardSignal: ctx.hardSignal,
    progress: ctx.progress,
  });
  const out = sessionOutput(record.runId, session, split, []);
  // The model saved in the run: this session's (replaced, or the saved one it kept for want of its own), else read back once.
  const saved = session.modelUpdated || session.result.keptSavedModel ? session.result.model : loadArtifact(session.modelDir).model;
  if (session.modelUpdated) {
    if (!recovered && hadModel) notes.push(`Best validation ${record.metric} ${scoreChange(before, session.record.bestScore)}; the saved model was replaced.`);
    else if (!recovered) notes.push(`The run's model folder held no saved model (removed?): this session's model (validation ${record.metric} ${fmt(session.record.bestScore)}) was saved.`);
  } else {
    // The output describes the model that is saved, not this session's best candidate.
    const m = session.result.model;
    const candidate = { learners: m.groups().map((g) => g.learner), score: m.validationScore ?? session.result.best.score };
    out.finalModel = savedModelInfo(saved);
    if (out.ensemble) out.ensemble = { ...out.ensemble, kept: false };
    // No model of its own (its refit could not fit, or features used the budget): nothing was compared.
    notes.push(session.result.keptSavedModel ? `Kept the saved model ${modelName(out.finalModel.learners)} (validation ${record.metric} ${fmt(record.bestScore)}).` : keptNote(record, out, candidate));
    // How this session's best was fitted (bagging, a refit that fell back...) is not how the saved model was.
    out.notes = out.notes.map((n) => (isFinalModelNote(n) ? candidateNote(n) : n));
  }
  const missing = missingModelFiles(dir);
  return {
    ...out,
    notes: [...notes, ...out.notes],
    removed_files: session.removed,
    missing_files: missing,
    recovered: recovered !== null,
    run_trials: session.record.trials,
    export_unsupported: missing.includes('model.onnx') ? exportUnsupported(saved) : null,
  };
}

/**
 * Why the saved model stayed, naming it and this session's candidate: the two models' validation
 * scores are what was compared (run-search.ts).
 */
function keptNote(record: RunRecord, o: Pick<TuneOutput, 'finalModel' | 'metric'>, candidate: { learners: string[]; score: number }): string {
  return (
    `Kept the saved model ${modelName(o.finalModel.learners)} (validation ${o.metric} ${fmt(record.bestScore)}): ` +
    `this session's model, ${modelName(candidate.learners)} (validation ${o.metric} ${fmt(candidate.score)}), did not beat it, so the model was not replaced.`
  );
}

/**
 * "46 trials, 4 of them in this 1.6 s session": the run's trials as its record counts them (tune
 * sessions included) and this session's, as `askml resume` words it. When the search this session
 * continued (the run's own, or a killed tune session) had trials of its own, it says so too.
 */
export function tuneTrialsText(o: Pick<TuneOutput, 'trials' | 'sessionTrials' | 'wallSeconds' | 'run_trials'>): string {
  const run = sessionText({ trials: o.run_trials, sessionTrials: o.sessionTrials, wallSeconds: o.wallSeconds });
  return o.trials > o.sessionTrials && o.trials !== o.run_trials ? `${run} (the search it continued now has ${sessionText(o)})` : run;
}

/**
 * What makes the missing `files`: "call evaluate, export_model and report", without export_model
 * (and model.onnx) for a model that cannot be exported, whose reason is given instead.
 */
function remake(o: Pick<TuneOutput, 'export_unsupported'>, files: readonly string[]): { files: string[]; tools: string; after: string } {
  const kept = o.export_unsupported === null ? [...files] : files.filter((f) => f !== 'model.onnx');
  // Only the tools whose files are missing (audit: all three were named when only the report was).
  const tools = (['evaluate', 'export_model', 'report'] as const).filter((t) => kept.some((f) => FILE_TOOL[f] === t));
  const list = tools.length <= 1 ? tools.join('') : `${tools.slice(0, -1).join(', ')} and ${tools[tools.length - 1]}`;
  return { files: kept, tools: list || 'evaluate, export_model and report', after: o.export_unsupported === null ? '' : ` It has no ONNX export: ${o.export_unsupported}` };
}

/** Which tool writes each file of a run folder. */
const FILE_TOOL: Record<string, 'evaluate' | 'export_model' | 'report'> = { 'evaluation.json': 'evaluate', 'model.onnx': 'export_model', 'report.md': 'report', 'report.html': 'report' };

/**
 * The tool summary. Model replaced: search_model's summary, plus which old files were removed
 * (`refreshing`: the caller makes them again, as `askml resume` does). Model kept: says so,
 * naming the kept model, instead of "Saved model: <this session's best>".
 */
export function tuneSummary(o: TuneOutput, opts: { refreshing?: boolean } = {}): string {
  const trialsText = tuneTrialsText(o);
  if (o.model_updated) {
    const base = searchSummary(o, trialsText);
    if (opts.refreshing) return base;
    const missing = remake(o, o.missing_files);
    if (o.removed_files.length > 0) {
      return `${base} Removed the earlier model's ${o.removed_files.join(', ')}: call ${missing.tools} again for the new model.${missing.after}`;
    }
    return missing.files.length > 0 ? `${base} The new model has no ${missing.files.join(', ')} yet: call ${missing.tools} to make them.${missing.after}` : base;
  }
  const need = remake(o, o.missing_files);
  const missing = need.files.length > 0 && !opts.refreshing ? ` The saved model has no ${need.files.join(', ')}: call ${need.tools} to make them.${need.after}` : '';
  const kept = o.notes.find((n) => n.startsWith('Kept the saved model ')) ?? `Kept the saved model ${modelName(o.finalModel.learners)}.`;
  const rest = o.notes.filter((n) => n !== kept);
  return (
    `Run ${o.run_id}: ${trialsText} (${o.status}); best trial ${o.best.learner} with validation ${o.metric} ${fmt(o.best.score)}` +
    ` (${validatedOn(o)}). ${kept}` +
    ` Best of each learner (score, trials): ${o.learners.map((l) => `${l.learner} ${l.bestScore === null ? 'no score' : fmt(l.bestScore)}, ${trialCountText(l)}`).join('; ')}.` +
    `${missing}${rest.length ? ` Notes: ${rest.join(' ')}` : ''}`
  );
}
