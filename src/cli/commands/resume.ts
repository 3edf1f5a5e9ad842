/** `askml resume RUN_ID --budget S [--learner L]`: search a run longer (all its learners, or one). */
import { AskmlError } from '../../errors.js';
import type { Command } from '../command.js';
import { parseFlags, positionals } from '../args.js';
import { budgetFlag } from './run.js';

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Continue the model search of a run with more budget (keeps earlier trials).',
  usage: [
    'Usage: askml resume RUN_ID --budget S [--learner L] [--workspace DIR] [--json]',
    '',
    "Continues the run's search on the same training rows and metric. With --learner, searches that",
    'learner deeper from its best configuration. The saved model is replaced only when the new best is better.',
    'With --json, prints the result as JSON (on failure: {"error": {...}}).',
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
    const [runId] = positionals('resume', pos, ['run_id']);
    const budget = budgetFlag(values.budget);
    if (values.learner !== undefined && values.learner.trim() === '') {
      throw new AskmlError('BAD_ARGUMENT', '--learner is empty; give one learner name or family.', { hint: `For example --learner gbdt, or leave the flag out to search all of the run's learners.` });
    }
    if (budget === undefined) throw new AskmlError('BAD_ARGUMENT', "'askml resume' needs --budget S.", { hint: `Example: askml resume ${runId} --budget 60` });
    const { cliContext, runTool } = await import('../run-tool.js');
    const { progressLine } = await import('../render/progress.js');
    const { renderLeaderboard, renderLearners } = await import('../render/run.js');
    const bar = progressLine(process.stderr);
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.on('SIGINT', onSigint);
    try {
      const ctx = cliContext({ workspace: values.workspace, signal: ac.signal, progress: (u) => bar.update(u) });
      const res = await runTool<{ metric: string; leaderboard: Parameters<typeof renderLeaderboard>[0]; learners: Parameters<typeof renderLearners>[0] }>('tune', { run_id: runId, learner: values.learner ?? null, budget_seconds: budget }, ctx);
      bar.done();
      if (values.json) process.stdout.write(`${JSON.stringify(res.output)}\n`);
      else process.stdout.write(`${renderLearners(res.output.learners, res.output.metric)}\n\n${renderLeaderboard(res.output.leaderboard, res.output.metric, 5)}\n\n${res.summary}\n`);
      return 0;
    } finally {
      bar.done();
      process.off('SIGINT', onSigint);
    }
  },
};
