/** `askml runs`: the tasks and runs of the workspace, newest first. */
import type { Command } from '../command.js';
import { parseFlags, positionals } from '../args.js';
import { numberFlag } from './run.js';
import { checkWorkspace } from '../paths.js';

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List the tasks and runs of the workspace with their status, scores and artifacts.',
  usage: [
    'Usage: askml runs [--limit 20] [--workspace DIR] [--json]',
    '',
    'Tasks (from askml run) show their status (an interrupted task shows as failed), the best learner and',
    'the test score; runs (from askml run or askml search) their metric and best validation score.',
    "A run whose search is still going shows as running; one whose process stopped before the search finished",
    "(killed, crashed) as unfinished, with its finished trials: continue it with 'askml resume RUN_ID --budget S'.",
    'A --workspace (or $ASKML_WORKSPACE) that does not exist is an error, not an empty list.',
    'With --json, prints {"workspace", "tasks", "runs"} (on failure: {"error": {...}}).',
  ].join('\n'),
  async run(argv) {
    const { values, positionals: pos } = parseFlags('runs', argv, { limit: { type: 'string' }, workspace: { type: 'string' }, json: { type: 'boolean' } });
    positionals('runs', pos, []);
    const limit = numberFlag('limit', values.limit, { positive: true, integer: true }) ?? 20;
    const { listTasks } = await import('../../task/tasks.js');
    const { listRuns, unfinishedHint } = await import('../../task/runs.js');
    const { renderTable, formatNum } = await import('../render/table.js');
    // A mistyped --workspace (or $ASKML_WORKSPACE) must not look like an empty workspace.
    const ws = checkWorkspace(values.workspace, { mustExist: values.workspace !== undefined || process.env.ASKML_WORKSPACE !== undefined });
    const tasks = listTasks(ws, limit);
    const listed = listRuns(ws, limit);
    const open = listed.filter((r) => r.state === 'running' || r.state === 'unfinished');
    const hintOf = (r: (typeof listed)[number]): string => unfinishedHint(r.runId, { trials: r.trials ?? 0, holder: r.holder });
    const runs = listed.map((r) =>
      r.record ?? ({ runId: r.runId, status: r.state, trials: r.trials, ...(r.state === 'unreadable' ? {} : { hint: hintOf(r) }) } as const),
    );
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
    out.push('');
    out.push(runs.length === 0 ? 'Runs: none' : `Runs\n${renderTable(
      ['run', 'status', 'target', 'metric', 'best', 'validation', 'trials'],
      runs.map((r) => ('target' in r
        ? [r.runId, r.status, r.target, r.metric, r.bestLearner, formatNum(r.bestScore), String(r.trials)]
        : [r.runId, r.status, '', '', '', '', r.trials === null ? '' : String(r.trials)])),
    )}`);
    // Say what to do with each run that has no finished search.
    for (const r of open) out.push(`${r.runId} (${r.state}): ${hintOf(r)}`);
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
};
