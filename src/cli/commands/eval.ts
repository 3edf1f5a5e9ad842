/**
 * `askml eval SUITE.jsonl`: run an eval suite (evals/README.md) and print its scorecard: per case
 * pass/fail with the reason, plan accuracy, success rate, mean normalised score, total time. The
 * results are saved as JSON for comparing versions. Exit code 1 when any case fails.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AskmlError } from '../../errors.js';
import type { Command } from '../command.js';
import { parseFlags, positionals } from '../args.js';
import { requireLlmConfig } from '../llm-check.js';
import { checkInputFile, checkOutFile, checkWorkspace } from '../paths.js';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Run an eval suite (JSONL of instruction -> expected plan and result) and print a scorecard.',
  usage: [
    'Usage: askml eval SUITE.jsonl [--planner offline|llm] [--filter TAG] [--plan-only] [--json] [--out FILE]',
    '                  [--keep] [--workspace DIR] [--parallelism N]',
    '',
    'Runs every case of the suite in its own temporary workspace, checks the plan (task type, target,',
    'metric, text and excluded columns, budget, tools called in order) and the result (test score',
    'against the threshold, artifacts, wall-clock budget), and prints a scorecard. Exit code 1 when a',
    'case fails that is not marked as a known weakness (xfail); 2 for bad input, checked before any',
    'case runs (a malformed case, a missing data file, a filter that selects no case). The case',
    'format: evals/README.md.',
    '',
    'Flags:',
    '  --planner P      offline (rules, default) or llm (needs ASKML_MODEL, ASKML_API_KEY, ASKML_BASE_URL)',
    '  --filter TAG     only cases with this tag; repeat or comma-separate for all of several; !TAG excludes',
    '  --plan-only      check the plans without training (fast; offline planner only)',
    '  --json           print the results as JSON instead of the scorecard (on failure: {"error": {...}})',
    '  --out FILE       where to save the results JSON (default evals/results/<suite>-<time>.json);',
    '                   checked before the suite runs; an existing file is replaced only when it is an',
    '                   earlier results file (never the suite or a data file), and written whole or not at all',
    '  --keep           keep each case\'s workspace (reports, models) and print its path',
    '  --workspace DIR  folder for the per-case workspaces (default $ASKML_WORKSPACE when set, else the',
    '                   OS temp folder); with --keep they stay there',
    '  --parallelism N  worker threads for each search (default automatic); cases run one after another',
    '',
    'Ctrl-C stops the running case (its process too) and starts no other; the cases that finished are',
    'scored and saved (exit 130).',
    '',
    'Examples:',
    '  askml eval evals/smoke.jsonl',
    '  askml eval evals/shared.jsonl --plan-only',
    '  askml eval evals/shared.jsonl --filter ci --out /tmp/ci.json',
  ].join('\n'),
  async run(argv) {
    const { values, positionals: pos } = parseFlags('eval', argv, {
      planner: { type: 'string' },
      filter: { type: 'string', multiple: true },
      'plan-only': { type: 'boolean' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      keep: { type: 'boolean' },
      workspace: { type: 'string' },
      parallelism: { type: 'string' },
    });
    const [suite] = positionals('eval', pos, ['suite']);
    const planner = values.planner ?? 'offline';
    if (planner !== 'offline' && planner !== 'llm') throw new AskmlError('BAD_ARGUMENT', `--planner must be offline or llm, got '${planner}'.`, { choices: ['offline', 'llm'] });
    const planOnly = Boolean(values['plan-only']);
    if (planOnly && planner === 'llm') {
      throw new AskmlError('BAD_ARGUMENT', '--plan-only checks the offline planner only; the LLM plans while it calls the tools.', { hint: 'Drop --plan-only to run the cases with --planner llm.' });
    }
    const rawFilter = values.filter as unknown as string[] | undefined;
    const tags = (rawFilter ?? []).flatMap((f) => f.split(',')).map((t) => t.trim()).filter(Boolean);
    let parallelism: number | undefined;
    if (values.parallelism !== undefined) {
      parallelism = Number(values.parallelism);
      if (!Number.isInteger(parallelism) || parallelism < 1) throw new AskmlError('BAD_ARGUMENT', `--parallelism must be a positive whole number, got '${values.parallelism}'.`);
    }

    // Path mistakes fail now, not after the whole suite has run (its results would be lost).
    checkSuiteFile(suite);
    const outFile = values.out !== undefined ? checkOutFile('--out', values.out) : undefined;
    if (outFile !== undefined) checkResultsTarget(outFile, suite);
    // Case workspaces go under --workspace or $ASKML_WORKSPACE when given (kept there with --keep).
    const workspaceRoot = values.workspace !== undefined || process.env.ASKML_WORKSPACE !== undefined ? checkWorkspace(values.workspace) : undefined;
    if (planner === 'llm') await requireLlmConfig();

    const { runSuite, saveSuiteResult, defaultResultsPath } = await import('../../../evals/runner.js');
    const { caseLine, renderScorecard } = await import('../../../evals/scorecard.js');
    const json = Boolean(values.json);
    const err = (s: string) => process.stderr.write(`${s}\n`);
    // Ctrl-C: the running case stops, no other starts, and the cases that ran are saved (exit 130).
    const stop = new AbortController();
    const onSigint = (): void => {
      if (stop.signal.aborted) process.exit(130);
      err('Stopping the suite: the running case is stopped; the cases that finished are saved (Ctrl-C again to quit at once).');
      stop.abort();
    };
    process.on('SIGINT', onSigint);
    const result = await runSuite({
      signal: stop.signal,
      suitePath: suite,
      planner,
      planOnly,
      tags,
      workspaceRoot,
      keepWorkspace: Boolean(values.keep),
      parallelism,
      onStart: (c, i, n) => {
        if (!json && !planOnly) err(`[${i + 1}/${n}] ${c.id}: ${c.instruction}`);
      },
      onCase: (r, i, n) => {
        if (!json) err(caseLine(r, i, n) + (r.workspace ? ` (workspace ${r.workspace})` : ''));
      },
    });
    process.off('SIGINT', onSigint);
    const file = saveSuiteResult(result, outFile ?? defaultResultsPath(suite, result.mode));
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(`\n${renderScorecard(result)}\n`);
      process.stdout.write(`results          ${file}\n`);
    }
    if (stop.signal.aborted) return 130;
    return result.summary.unexpected_failures > 0 ? 1 : 0;
  },
};

/**
 * `--out` may replace an earlier results file, nothing else: not the suite, not a data file
 * (audit: `--out examples/churn.csv` overwrote the example data with JSON).
 */
function checkResultsTarget(out: string, suite: string): void {
  const abs = path.resolve(out);
  if (abs === path.resolve(suite)) throw new AskmlError('BAD_ARGUMENT', `--out '${out}' is the suite file itself; give another path for the results.`, { hint: 'e.g. --out /tmp/results.json' });
  if (!existsSync(abs)) return;
  let earlier = false;
  try {
    const j = JSON.parse(readFileSync(abs, 'utf8')) as Record<string, unknown>;
    earlier = typeof j === 'object' && j !== null && 'suite' in j && 'summary' in j && Array.isArray(j.cases);
  } catch {
    earlier = false;
  }
  if (!earlier) {
    throw new AskmlError('BAD_ARGUMENT', `--out '${out}' already exists and is not an askml eval results file; it is left untouched.`, {
      hint: 'Give a new path (or an earlier results file to replace), e.g. --out /tmp/results.json.',
    });
  }
}

/** The suite must be a file; for a folder, list the suites in it. */
function checkSuiteFile(suite: string): void {
  const abs = path.resolve(suite);
  if (existsSync(abs) && statSync(abs).isDirectory()) {
    const suites = readdirSync(abs).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(suite, f));
    throw new AskmlError('NOT_A_FILE', `Eval suite '${suite}' is a folder; give one .jsonl suite file.`, {
      choices: suites,
      hint: suites.length > 0 ? `For example: askml eval ${suites[0]}.` : undefined,
      path: abs,
    });
  }
  if (existsSync(abs)) checkInputFile('Eval suite', suite);
}
