/**
 * `askml chat [--data FILE]`: the chat REPL. Instructions in Chinese or English run tasks,
 * questions about the data are answered from its profile, slash commands inspect and export.
 * Reads piped stdin as a script (see src/cli/repl/repl.ts for the exit codes).
 */
import { AskmlError } from '../../errors.js';
import type { Command } from '../command.js';
import { MISSING_VALUES_HELP, missingValuesFlag, parseFlags, positionals } from '../args.js';
import { budgetFlag, numberFlag } from './run.js';
import { requireLlmConfig } from '../llm-check.js';

export const chatCommand: Command = {
  name: 'chat',
  summary: 'Chat with askml: instructions run tasks, questions are answered from the data, /help for commands.',
  usage: [
    'Usage: askml chat [--data FILE] [--workspace DIR] [--planner offline|llm] [--budget S] [--seed N]',
    '                  [--missing-values LIST]',
    '',
    'An interactive session. Type an instruction in Chinese or English to run a task on the data',
    '("对新闻标题进行多类别分类", "predict churn, 30 seconds"), a follow-up to refine it ("不要用 cabin"),',
    'or a question about the data ("有哪些列?", "what columns are there?"). Replies follow your language.',
    '',
    'Commands: /data FILE, /profile, /plan, /run, /status, /leaderboard, /report, /export, /help, /quit.',
    'Ctrl-C cancels a running task and keeps the chat; Ctrl-C twice at the prompt, Ctrl-D or /quit exits.',
    'History is kept in <workspace>/chat_history.',
    '',
    'With piped input the lines run in order and askml exits at the end: status 0 when every line',
    'succeeded, 2 when one failed on bad input, 1 on an internal error.',
    '',
    'Flags:',
    '  --data FILE       the data to work on (also: /data FILE, or a path inside an instruction)',
    '  --workspace DIR   where runs, models and tasks are kept (default .askml or $ASKML_WORKSPACE)',
    '  --planner P       offline (rules, default) or llm (needs ASKML_MODEL, ASKML_API_KEY)',
    '  --budget S        search budget for instructions that name no time or trial count (default 120)',
    '  --seed N          random seed (default 0)',
    MISSING_VALUES_HELP,
    '',
    'Examples:',
    '  askml chat --data examples/churn.csv',
    '  printf "/profile\\npredict churned, 10 seconds\\n/report\\n" | askml chat --data examples/churn.csv',
  ].join('\n'),
  async run(argv) {
    const { values, positionals: pos } = parseFlags('chat', argv, {
      data: { type: 'string' },
      workspace: { type: 'string' },
      planner: { type: 'string' },
      budget: { type: 'string' },
      seed: { type: 'string' },
      'missing-values': { type: 'string' },
    });
    positionals('chat', pos, []);
    const planner = values.planner ?? 'offline';
    if (planner !== 'offline' && planner !== 'llm') throw new AskmlError('BAD_ARGUMENT', `--planner must be offline or llm, got '${planner}'.`, { choices: ['offline', 'llm'] });
    const budgetSeconds = budgetFlag(values.budget);
    const seed = numberFlag('seed', values.seed, { integer: true });
    // Fail now rather than after the first instruction has been profiled and planned.
    if (planner === 'llm') await requireLlmConfig();
    const { startRepl } = await import('../repl/repl.js');
    return startRepl({ data: values.data, workspaceDir: values.workspace, planner, budgetSeconds, seed, missingValues: missingValuesFlag(values['missing-values']) });
  },
};
