/**
 * `askml resume RUN_ID --budget S [--learner L]`: search a run longer (all its learners, or one),
 * also a run whose search process was killed (its finished trials are kept).
 *
 * When the saved model is replaced, the tune tool removes the old model's evaluation.json,
 * model.onnx and report; resume then makes them again for the new model with the evaluate,
 * export_model and report tools, as `askml run` does (a person at the terminal has no other command
 * for them). When the model is kept, the ones it lacks are made (a process killed after saving the
 * model, an MCP tune that replaced it, a run made by `askml search`) and an existing report is
 * rewritten (it lists the trials).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AskmlError, isAskmlError } from '../../errors.js';
import type { Command } from '../command.js';
import { isValidId } from '../../task/ids.js';
import { parseFlags, positionals } from '../args.js';
import { budgetFlag } from './run.js';
import { checkWorkspace } from '../paths.js';

interface Refreshed {
  evaluation: { test_rows: number; metric: string; test_score: number | null; test_metrics: Record<string, number | null>; path: string } | null;
  onnx: { path: string } | null;
  /** Why there is no ONNX file for the new model (e.g. EXPORT_UNSUPPORTED for knn). */
  onnx_error: { code: string; message: string } | null;
  report: { html_path: string; markdown_path: string } | null;
}

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Continue the model search of a run with more budget (keeps earlier trials, also of a killed run).',
  usage: [
    'Usage: askml resume RUN_ID --budget S [--learner L] [--workspace DIR] [--json]',
    '       (RUN_ID may also be the run folder, WORKSPACE/runs/run_...: its workspace is then used)',
    '',
    "Continues the run's search on the same training rows and metric. With --learner, searches that",
    'learner deeper from its best configuration in the run or in an earlier --learner session; a --learner',
    'session that was killed is continued, with its trials, by the next one of the same learner.',
    'The saved model is replaced only when the new best is better (or as good, when the saved one is a',
    'first-fold model left by a second Ctrl-C);',
    'then the new model is evaluated on the held-out test rows, exported to model.onnx and the report is',
    'rewritten (the old files are removed first). A kept model gets whichever of evaluation.json, model.onnx and',
    'report it lacks. A run whose search was killed (shown as unfinished by',
    "'askml runs') is continued from its finished trials (or searched from the start when none had finished)",
    'and then gets its model, evaluation, ONNX file and report.',
    'Each session spends about a second or two of its budget loading the data and features before its',
    'first trial, so give a few seconds at least. Ctrl-C stops the search and still saves, evaluates,',
    'exports and reports the model (exit 130); a second Ctrl-C, or SIGTERM (exit 143), stops at once.',
    'With --json, prints the result as JSON, with "refreshed" (on failure: {"error": {...}}).',
    '',
    'Flags:',
    '  --budget S       seconds to search this session (required; at least 1)',
    '  --learner L      search only this learner deeper (gbdt, random_forest, extra_trees, logistic_regression,',
    "                   linear_svm, ridge, ...: one of the run's learners); without it, all of the run's learners",
    "  --workspace DIR  the workspace holding the run (default .askml or $ASKML_WORKSPACE)",
    '  --json           print the result as JSON',
    '',
    'Examples:',
    '  askml resume run_20261123140501_a1b2c3 --budget 60',
    '  askml resume run_20261123140501_a1b2c3 --budget 30 --learner gbdt',
  ].join('\n'),
  async run(argv) {
    const { values, positionals: pos } = parseFlags('resume', argv, {
      budget: { type: 'string' },
      learner: { type: 'string' },
      workspace: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [given] = positionals('resume', pos, ['run_id']);
    // A run folder (WORKSPACE/runs/run_...) as predict --model takes it: its id, and its workspace
    // unless --workspace names one (audit: refused as 'not a valid run id').
    const folder = runFolderRef(given);
    const runId = folder?.runId ?? given;
    const workspace = values.workspace ?? folder?.workspace;
    // A mistyped --workspace (or $ASKML_WORKSPACE) is named, not "no run with id ... in this workspace" (audit).
    if (!folder || values.workspace !== undefined) checkWorkspace(values.workspace, { mustExist: values.workspace !== undefined || process.env.ASKML_WORKSPACE !== undefined });
    const budget = budgetFlag(values.budget);
    if (values.learner !== undefined && values.learner.trim() === '') {
      throw new AskmlError('BAD_ARGUMENT', '--learner is empty; give one learner name or family.', { hint: `For example --learner gbdt, or leave the flag out to search all of the run's learners.` });
    }
    if (budget === undefined) throw new AskmlError('BAD_ARGUMENT', "'askml resume' needs --budget S.", { hint: `Example: askml resume ${runId} --budget 60` });
    const { cliContext, runTool } = await import('../run-tool.js');
    const { progressLine } = await import('../render/progress.js');
    const { renderLeaderboard, renderLearners } = await import('../render/run.js');
    const { tuneSummary } = await import('../../../tools/tune.js');
    type TuneOutput = import('../../../tools/tune.js').TuneOutput;
    const bar = progressLine(process.stderr);
    // As in `askml run`: the first Ctrl-C stops the search (the best model so far is still saved,
    // evaluated, exported and reported; exit 130), a second one stops everything.
    // SIGTERM stops at once (exit 143).
    const ac = new AbortController();
    const hard = new AbortController();
    const { stopOnSignals } = await import('../stop-signals.js');
    const stop = stopOnSignals({ soft: () => ac.abort(), hard: () => hard.abort(), say: (l) => bar.line(l), softMessage: 'Stopping the search: the best model so far is still saved, evaluated and reported (Ctrl-C again to stop at once).' });
    try {
      const searchCtx = { ...cliContext({ workspace, signal: AbortSignal.any([ac.signal, hard.signal]), progress: (u) => bar.update(u) }), hardSignal: hard.signal };
      const res = await runTool<TuneOutput>('tune', { run_id: runId, learner: values.learner ?? null, budget_seconds: budget }, searchCtx);
      bar.done();
      const ctx = cliContext({ workspace, signal: hard.signal });
      const out = res.output;
      const lines: string[] = [];
      const refreshed: Refreshed = { evaluation: null, onnx: null, onnx_error: null, report: null };
      const step = (m: string) => {
        if (!values.json) process.stderr.write(`> ${m}\n`);
      };
      // Every file made from the saved model is (re)made when the model was replaced or the file is
      // missing (killed before it was written, removed by an MCP tune, a run from 'askml search').
      const runFolder = join(ctx.workspaceDir, 'runs', out.run_id);
      const missing = new Set(out.missing_files);
      const which = out.model_updated ? 'new' : 'saved';
      if (!out.model_updated && missing.size > 0) lines.push(`The saved model (kept) had no ${out.missing_files.join(', ')}. Making them:`);
      if (out.model_updated || missing.has('evaluation.json')) {
        step(`Evaluating the ${which} model on the held-out test rows (evaluate)`);
        const ev = await runTool<{ test_rows: number; metric: string; test_score: number | null; test_metrics: Record<string, number | null>; evaluation_path: string }>('evaluate', { run_id: out.run_id }, ctx);
        refreshed.evaluation = { test_rows: ev.output.test_rows, metric: ev.output.metric, test_score: ev.output.test_score, test_metrics: ev.output.test_metrics, path: ev.output.evaluation_path };
        lines.push(ev.summary);
      }
      if (out.model_updated || missing.has('model.onnx')) {
        step(`Exporting the ${which} model to ONNX (export_model)`);
        try {
          const ex = await runTool<{ onnx_path: string }>('export_model', { run_id: out.run_id }, ctx);
          refreshed.onnx = { path: ex.output.onnx_path };
          lines.push(ex.summary);
        } catch (e) {
          if (!isAskmlError(e) || e.code === 'CANCELLED') throw e;
          refreshed.onnx_error = { code: e.code, message: e.message };
          lines.push(`ONNX export skipped (${e.code}): ${e.message} The run has no model.onnx for this model.`);
        }
      }
      // The report lists the trials, so an existing one is rewritten even when the model is kept.
      if (out.model_updated || missing.has('report.md') || missing.has('report.html') || existsSync(join(runFolder, 'report.md'))) {
        step('Writing the report (report)');
        const rep = await runTool<{ html_path: string; markdown_path: string }>('report', { run_id: out.run_id, lang: null }, ctx);
        refreshed.report = { html_path: rep.output.html_path, markdown_path: rep.output.markdown_path };
        lines.push(rep.summary);
      }
      // missing_files: what the saved model still lacks now (model.onnx of a model that cannot be exported).
      const { missingModelFiles } = await import('../../task/run-artifacts.js');
      if (values.json) process.stdout.write(`${JSON.stringify({ ...out, missing_files: missingModelFiles(runFolder), refreshed })}\n`);
      else {
        const text = [renderLearners(out.learners, out.metric), renderLeaderboard(out.leaderboard, out.metric, 5), tuneSummary(out, { refreshing: true })];
        if (out.model_updated && out.removed_files.length > 0) lines.unshift(`Removed the earlier model's ${out.removed_files.join(', ')}. For the new model:`);
        if (lines.length > 0) text.push(lines.join('\n'));
        process.stdout.write(`${text.join('\n\n')}\n`);
      }
      return stop.exitCode(0);
    } finally {
      bar.done();
      stop.dispose();
    }
  },
};

/** A path to a run folder (WORKSPACE/runs/run_...): the run's id and workspace; null otherwise. */
function runFolderRef(ref: string): { runId: string; workspace: string } | null {
  if (isValidId(ref) || !existsSync(ref) || !statSync(ref).isDirectory()) return null;
  const abs = resolve(ref.replace(/[\\/]+$/, ''));
  const runs = dirname(abs);
  if (basename(runs) !== 'runs' || !isValidId(basename(abs)) || !basename(abs).startsWith('run_')) return null;
  return { runId: basename(abs), workspace: dirname(runs) };
}
