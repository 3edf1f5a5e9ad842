/** `askml runs`: the tasks and runs of the workspace, newest first. */
import type { Command } from '../command.js';
import { parseFlags, positionals } from '../args.js';
import { numberFlag } from './run.js';
import { checkWorkspace } from '../paths.js';
import { cliText } from '../cli-errors.js';

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List the tasks and runs of the workspace with their status, scores and artifacts.',
  usage: [
    'Usage: askml runs [--limit 20] [--workspace DIR] [--json]',
    '',
    'Tasks (from askml run) show their status (an interrupted task shows as failed; a failed one gets its',
    'reason below the table), the best learner and the test score; runs (from askml run or askml search) their metric and best validation score.',
    "A run whose search is still going shows as running; one whose process stopped before the search finished",
    "(killed, crashed) as unfinished, with its finished trials: continue it with 'askml resume RUN_ID --budget S'",
    '(which searches it from the start when no trial had finished). Their target, metric and best trial so far are shown.',
    'A run whose saved model has no evaluation.json or report (a process killed after saving the model, a',
    "model replaced by an MCP tune, a run made by 'askml search') is marked, and 'askml resume RUN_ID --budget 1' makes them.",
    "A run whose 'askml resume --learner L' session was killed is marked 'tune-<n> interrupted'; the next session of L continues it.",
    "A finished run that 'askml resume' is searching again is marked 'being resumed'; one whose resume was killed after some",
    "trials is marked 'resume interrupted' (the trials column counts every kept trial), and the next resume goes on from them.",
    'A --workspace (or $ASKML_WORKSPACE) that does not exist is an error, not an empty list.',
    'With --json, prints {"workspace", "tasks", "runs"} (on failure: {"error": {...}}).',
  ].join('\n'),
  async run(argv) {
    const { values, positionals: pos } = parseFlags('runs', argv, { limit: { type: 'string' }, workspace: { type: 'string' }, json: { type: 'boolean' } });
    positionals('runs', pos, []);
    const limit = numberFlag('limit', values.limit, { positive: true, integer: true }) ?? 20;
    const { listTasks } = await import('../../task/tasks.js');
    const { listRuns, missingFilesHint, unfinishedHint, interruptedTuneHint, interruptedResumeHint, resumingHint } = await import('../../task/runs.js');
    const { lacksEvaluationOrReport } = await import('../../task/run-artifacts.js');
    const { renderTable, formatNum } = await import('../render/table.js');
    // A mistyped --workspace (or $ASKML_WORKSPACE) must not look like an empty workspace.
    const ws = checkWorkspace(values.workspace, { mustExist: values.workspace !== undefined || process.env.ASKML_WORKSPACE !== undefined });
    const tasks = listTasks(ws, limit);
    const listed = listRuns(ws, limit);
    // A run whose task is still going is being evaluated, exported and reported right now.
    const busy = new Set(tasks.filter((t) => (t.status === 'queued' || t.status === 'running') && t.runId).map((t) => t.runId));
    // A finished run searched again right now (resume, tune) makes its missing files when it ends.
    const incomplete = (r: (typeof listed)[number]): boolean => !!r.record && !busy.has(r.runId) && !r.holder && lacksEvaluationOrReport(r.missingFiles);
    // A finished run whose model folder was removed: predict, evaluate and report cannot use it (audit: listed as healthy).
    const noModel = (r: (typeof listed)[number]): boolean => !!r.record && !busy.has(r.runId) && !r.holder && !r.hasModel;
    const hintOf = (r: (typeof listed)[number]): string | null => {
      if (r.unfinished) return unfinishedHint(r.runId, r.unfinished, { cli: true });
      if (r.record && r.holder) return resumingHint(r.holder);
      if (noModel(r)) return `Its model folder holds no saved model (removed?): 'askml resume ${r.runId} --budget S' searches again and saves one.`;
      return incomplete(r) ? missingFilesHint(r.runId, r.missingFiles) : null;
    };
    const tagOf = (r: (typeof listed)[number]): string | null =>
      r.record && r.holder ? 'being resumed' : noModel(r) ? 'no model' : !incomplete(r) ? null : r.missingFiles.includes('evaluation.json') ? 'not evaluated' : 'no report';
    const runs = listed.map((r) => {
      const hint = hintOf(r);
      if (r.record) {
        const tune = r.interruptedTunes.length > 0 ? { interruptedTunes: r.interruptedTunes.map((t) => ({ ...t, hint: interruptedTuneHint(r.runId, t) })) } : {};
        const resume = r.interruptedResumeTrials > 0 ? { interruptedResume: { trials: r.interruptedResumeTrials, hint: interruptedResumeHint(r.runId, r.interruptedResumeTrials) } } : {};
        const live = r.holder ? { resumingBy: r.holder } : {};
        // trials: every finished trial kept in the run folder (the record counts those of its last finished session).
        return { ...r.record, trials: r.trials ?? r.record.trials, ...(r.missingFiles.length > 0 ? { missingFiles: r.missingFiles } : {}), ...(hint ? { hint } : {}), ...tune, ...resume, ...live };
      }
      if (!r.unfinished) return { runId: r.runId, status: r.state, trials: r.trials };
      const u = r.unfinished;
      return { runId: r.runId, status: r.state, target: u.target, metric: u.metric, bestTrial: u.best, trials: r.trials, hint };
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ workspace: ws, tasks, runs })}\n`);
      return 0;
    }
    const out: string[] = [`Workspace ${ws}`, ''];
    out.push(tasks.length === 0 ? 'Tasks: none' : `Tasks\n${renderTable(
      ['task', 'status', 'instruction', 'best', 'test score', 'wall s'],
      tasks.map((t) => [
        t.id,
        t.status + (t.interrupted ? ' (interrupted)' : ''),
        t.instruction,
        t.summary?.best_learner ?? '',
        t.summary?.test_score != null ? `${t.summary.metric} ${formatNum(t.summary.test_score)}` : '',
        t.wallSeconds != null ? t.wallSeconds.toFixed(1) : '',
      ]),
      { maxWidth: 36 },
    )}`);
    // Why each failed task failed (the table has no room for it); an interrupted one says so in its status.
    for (const t of tasks) {
      if (t.status === 'failed' && t.error && !t.interrupted) out.push(`${t.id} (failed): ${cliText(firstSentence(t.error.message), 'run')}`);
    }
    out.push('');
    out.push(listed.length === 0 ? 'Runs: none' : `Runs\n${renderTable(
      ['run', 'status', 'target', 'metric', 'best', 'validation', 'trials'],
      listed.map((r) => {
        if (r.record) {
          const rec = r.record;
          const tag = tagOf(r);
          const tags = [tag, ...(r.interruptedResumeTrials > 0 ? ['resume interrupted'] : []), ...r.interruptedTunes.map((t) => `${t.session} interrupted`)].filter((x) => x !== null);
          return [r.runId, rec.status + (tags.length ? ` (${tags.join(', ')})` : ''), rec.target, rec.metric, rec.bestLearner, formatNum(rec.bestScore), String(r.trials ?? rec.trials)];
        }
        // No saved model yet: the best finished trial so far.
        const u = r.unfinished;
        return [r.runId, r.state, u?.target ?? '', u?.metric ?? '', u?.best?.learner ?? '', u?.best ? formatNum(u.best.score) : '', r.trials === null ? '' : String(r.trials)];
      }),
      // Wide enough for "budget_exhausted (not evaluated, resume interrupted)".
      { maxWidth: 56 },
    )}`);
    // Say what to do with each run that has no finished search, or whose model lacks its evaluation or report.
    for (const r of listed) {
      const hint = hintOf(r);
      if (hint) out.push(`${r.runId} (${r.unfinished ? r.state : tagOf(r)}): ${hint}`);
      if (r.interruptedResumeTrials > 0) out.push(`${r.runId} (resume interrupted): ${interruptedResumeHint(r.runId, r.interruptedResumeTrials)}`);
      for (const t of r.interruptedTunes) out.push(`${r.runId} (${t.session} interrupted): ${interruptedTuneHint(r.runId, t)}`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
};

/** The first sentence of an error message (its hint and choices follow it). */
function firstSentence(message: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(message);
  return (m ? m[1] : message).replace(/\s+/g, ' ');
}
