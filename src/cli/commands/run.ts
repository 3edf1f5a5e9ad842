/**
 * `askml run "<instruction>" --data FILE ...`: a whole task (profile, plan, features, search,
 * evaluate, export, report) through submitTask. Ctrl-C stops the search and still writes what it
 * found; a second Ctrl-C stops the final refit at once (a first-fold model is saved, not evaluated).
 */
import { AskmlError, isAskmlError } from '../../errors.js';
import { MAX_BUDGET_SECONDS, MAX_TRIALS_LIMIT, MIN_BUDGET_SECONDS } from '../../search/deadline.js';
import type { Command } from '../command.js';
import { MISSING_VALUES_HELP, missingValuesFlag, parseFlags, positionals } from '../args.js';
import { requireLlmConfig } from '../llm-check.js';
import { checkTestNotData } from '../paths.js';

const RUN_FLAGS = {
  data: { type: 'string' },
  test: { type: 'string' },
  split: { type: 'string' },
  target: { type: 'string' },
  budget: { type: 'string' },
  trials: { type: 'string' },
  seed: { type: 'string' },
  planner: { type: 'string' },
  'missing-values': { type: 'string' },
  workspace: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a whole task from an instruction: plan, features, model search, test metrics, report, ONNX.',
  usage: [
    'Usage: askml run "<instruction>" --data FILE [--test FILE | --split SPLIT.json] [--target COL]',
    '                 [--budget S | --trials N] [--seed 0] [--planner offline|llm] [--missing-values LIST]',
    '                 [--workspace DIR] [--json]',
    '',
    'Plans from the instruction and the data, searches models within the budget, scores the best one on',
    'held-out rows, writes a report (Markdown + HTML), the model folder and an ONNX file. Instructions in',
    'Chinese or English, and the output and report follow (Chinese labels for a Chinese instruction; an',
    'error gets a Chinese heading, and the common ones a Chinese message; --json keys and errors stay',
    'English, its plan assumptions follow the instruction);',
    'French, Spanish and German are read too (the plan and report are then in English).',
    '',
    'Flags:',
    '  --data FILE       training data (CSV, TSV, JSON, JSONL, Parquet)',
    '  --test FILE       separate held-out test file, not the data file (default: a seeded 20% holdout)',
    '  --split FILE      a NAME.split.json listing the test row indices',
    '  --target COL      the column to predict (default: from the instruction or guessed)',
    '  --budget S        search budget in seconds, at least 1 (default: from the instruction, else 120)',
    '  --trials N        a trial count instead of a time budget (reproducible); the instruction may name one',
    '                    too ("with 50 trials", "试验 50 次"), which --budget overrides',
    '  --seed N          random seed (default 0)',
    MISSING_VALUES_HELP,
    '  --planner P       offline (rules, default) or llm (needs ASKML_MODEL, ASKML_API_KEY and ASKML_BASE_URL,',
    '                    default https://api.openai.com/v1; the endpoint is checked before anything runs)',
    '  --workspace DIR   where runs, models and tasks are kept (default .askml or $ASKML_WORKSPACE)',
    '  --json            print one JSON object with the plan, metrics, leaderboard and artifacts',
    '                    (on failure: {"error": {"code", "message", "hint", "choices"}})',
    '',
    'Examples:',
    '  askml run "对新闻标题进行多类别分类" --data examples/news-titles.csv --budget 20',
    '  askml run "predict churned, exclude customer_id" --data examples/churn.csv --budget 30 --json',
  ].join('\n'),
  async run(argv) {
    const { values, positionals: pos } = parseFlags('run', argv, RUN_FLAGS);
    // `askml run "predict y" data.csv`: the data file is a flag here (search and profile take it as an argument).
    const fileLike = pos.length === 2 && values.data === undefined && /\.[a-z0-9]{2,8}(\.gz)?$/i.test(pos[1]);
    const [instruction] = positionals('run', pos, ['instruction'], fileLike ? `The data file is a flag: askml run "${pos[0]}" --data ${pos[1]}` : pos.length > 1 ? 'Quote the instruction: askml run "predict churned in 30 seconds" --data FILE.' : undefined);
    if (instruction.trim() === '') {
      throw new AskmlError('BAD_ARGUMENT', "'askml run' got an empty instruction.", { hint: 'Say what to predict, e.g. askml run "predict survived" --data titanic.csv (or give --target COL with any instruction).' });
    }
    if (!values.data) throw new AskmlError('BAD_ARGUMENT', "'askml run' needs --data FILE.", { hint: `Example: askml run "${instruction}" --data data.csv` });
    if (values.test && values.split) throw new AskmlError('BAD_ARGUMENT', 'Give --test or --split, not both.');
    const planner = values.planner ?? 'offline';
    if (planner !== 'offline' && planner !== 'llm') throw new AskmlError('BAD_ARGUMENT', `--planner must be offline or llm, got '${planner}'.`, { choices: ['offline', 'llm'] });
    const budget = budgetFlag(values.budget);
    const trials = trialsFlag(values.trials);
    const seed = numberFlag('seed', values.seed, { integer: true });
    budgetOrTrials(values.budget, values.trials);
    if (values.test) checkTestNotData(values.data, values.test);
    // Before profiling, printing a plan or recording a task.
    if (planner === 'llm') await requireLlmConfig();

    const { submitTask } = await import('../../task/submit.js');
    const { progressLine, progressMessage, unitLabel } = await import('../render/progress.js');
    const { renderPlan, renderTaskResult } = await import('../render/run.js');
    const { localizeAssumption } = await import('../../report/localize.js');
    const { detectLang } = await import('../../llm/instruction-parse.js');
    // Labels, step lines and notes in Chinese for a Chinese instruction, as the report is.
    const lang = detectLang(instruction);
    const { stepLines } = await import('../render/steps.js');
    const json = Boolean(values.json);
    const out = (s: string) => process.stdout.write(`${s}\n`);
    // A trial count from --trials or from the instruction ("with 50 trials").
    const { trialsOf } = await import('../../task/submit.js');
    const taskTrials = trialsOf({ instructions: instruction, maxTrials: trials, budgetSeconds: budget }) ?? undefined;
    const bar = progressLine(process.stderr, { unit: unitLabel(taskTrials !== undefined, lang) });
    const task = submitTask({
      dataset: values.data,
      instructions: instruction,
      labelColumn: values.target,
      budgetSeconds: budget,
      maxTrials: trials,
      seed,
      test: values.test,
      splitFile: values.split,
      missingValues: missingValuesFlag(values['missing-values']),
      planner,
      workspaceDir: values.workspace,
    });
    const steps = stepLines((s) => bar.line(s), 'run', lang);
    task.on('event', (e) => {
      steps.event(e);
      if (e.type === 'progress') bar.update({ progress: e.progress, total: e.total ?? undefined, message: e.message === null ? undefined : progressMessage(e.message, lang) });
      else if (e.type === 'plan' && !json) {
        bar.done();
        out(renderPlan(e.plan, { trials: taskTrials, lang }));
        out('');
      }
    });
    // Ctrl-C: the first stops the search (the rest still runs on its best model), a second stops
    // everything; SIGTERM stops everything at once (exit 143).
    const { stopOnSignals } = await import('../stop-signals.js');
    const stop = stopOnSignals({ soft: () => task.cancel(), hard: () => task.cancel(), say: (l) => bar.line(l), softMessage: lang === 'zh' ? '正在停止搜索：仍会保存、评估并报告目前最好的模型（再按 Ctrl-C 立即停止）。' : 'Stopping the search: the best model so far is still saved, evaluated and reported (Ctrl-C again to stop at once).' });
    try {
      const r = await task.done.catch((e: unknown) => {
        steps.end(isAskmlError(e) ? e.describe() : e instanceof Error ? e.message : String(e));
        throw e;
      });
      steps.end();
      bar.done();
      if (json) {
        const p = r.plan;
        out(JSON.stringify({
          task_id: r.task_id,
          status: r.cancelled ? 'cancelled' : 'succeeded',
          // A Chinese plan's assumptions as the text output shows them (its type words in Chinese too).
          plan: { task_type: p.task_type, target: p.target, metric: p.metric, text_columns: p.text_columns, excluded_columns: p.excluded_columns, budget_seconds: taskTrials === undefined ? p.budget_seconds : null, max_trials: taskTrials ?? null, assumptions: p.assumptions.map((a) => (p.lang === 'zh' ? localizeAssumption('zh', a) : a)) },
          dataset_id: r.dataset_id,
          run_id: r.run_id,
          best: r.best,
          test_metrics: r.test_metrics,
          leaderboard: r.leaderboard,
          learners: r.learners,
          artifacts: { report: r.artifacts.report, report_markdown: r.artifacts.report_markdown, model: r.artifacts.model, onnx: r.artifacts.onnx, onnx_inputs: r.artifacts.onnx_inputs ?? [] },
          notes: r.notes,
          wall_seconds: r.wall_seconds,
        }));
      } else {
        out(renderTaskResult(r, lang));
      }
      return stop.exitCode(r.cancelled ? 130 : 0);
    } finally {
      bar.done();
      stop.dispose();
    }
  },
  // An error is shown in the instruction's language (Chinese heading and common messages).
  // Read without checking the flags, so a bad flag or --workspace is shown in that language too.
  async errorLang(argv) {
    const instruction = firstPositional(argv);
    if (!instruction) return 'en';
    const { detectLang } = await import('../../llm/instruction-parse.js');
    return detectLang(instruction);
  },
};

/** The first argument that is neither a flag nor a value flag's value (the instruction), or undefined. */
function firstPositional(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return argv[i + 1];
    if (a.startsWith('--')) {
      const name = a.slice(2);
      const spec = (RUN_FLAGS as Record<string, { type: string }>)[name];
      if (spec?.type === 'string' && !a.includes('=')) i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) continue;
    return a;
  }
  return undefined;
}

export function numberFlag(name: string, raw: string | undefined, o: { positive?: boolean; integer?: boolean; min?: number; max?: number } = {}): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  // A number below the minimum (0, -3 for a budget of at least 1) gets the minimum's message and hint.
  const belowMin = o.min !== undefined && Number.isFinite(n) && raw.trim() !== '' && n < o.min;
  if (raw.trim() === '' || !Number.isFinite(n) || (o.integer && !Number.isInteger(n)) || (o.positive && n <= 0 && !belowMin)) {
    throw new AskmlError('BAD_ARGUMENT', `--${name} must be ${o.positive ? 'a positive' : 'a'} ${o.integer ? 'whole number' : 'number'}, got '${raw}'.`);
  }
  if (o.min !== undefined && n < o.min) {
    throw new AskmlError('BAD_ARGUMENT', `--${name} must be at least ${o.min}, got '${raw}'.`, {
      value: raw,
      hint: name === 'budget' ? 'The budget is in seconds: --budget 30 searches for 30 seconds; budgets under 1 s are refused.' : undefined,
    });
  }
  if (o.max !== undefined && n > o.max) {
    throw new AskmlError('BAD_ARGUMENT', `--${name} must be at most ${o.max}, got '${raw}'.`, {
      value: raw,
      hint: name === 'budget' ? `The budget is in seconds; ${o.max} is 24 hours. For a longer search, resume the run.` : undefined,
    });
  }
  return n;
}

/** --budget and --trials are two ways to bound a search: one of them, not both. */
export function budgetOrTrials(budget: string | undefined, trials: string | undefined): void {
  if (budget === undefined || trials === undefined) return;
  throw new AskmlError('BAD_ARGUMENT', `Give --budget or --trials, not both (got --budget ${budget} and --trials ${trials}).`, {
    hint: '--trials N runs N trials and is reproducible for a seed; --budget S searches for S seconds.',
  });
}

/** --budget: seconds, at least MIN_BUDGET_SECONDS, at most a day. */
export function budgetFlag(raw: string | undefined): number | undefined {
  // "--budget 30s", "--budget 2m": the flag is seconds, written without a unit.
  const unit = raw === undefined ? null : /^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)\s*$/i.exec(raw);
  if (unit) {
    const seconds = Number(unit[1]) * (/^h/i.test(unit[2]) ? 3600 : /^m/i.test(unit[2]) ? 60 : 1);
    const ok = seconds >= MIN_BUDGET_SECONDS && seconds <= MAX_BUDGET_SECONDS;
    throw new AskmlError('BAD_ARGUMENT', `--budget is a number of seconds, without a unit; got '${raw}'.`, {
      value: raw,
      hint: ok ? `Write --budget ${Number(seconds.toFixed(1))}.` : `That is ${Number(seconds.toFixed(1))} s; a budget is ${MIN_BUDGET_SECONDS} to ${MAX_BUDGET_SECONDS} seconds.`,
    });
  }
  return numberFlag('budget', raw, { positive: true, min: MIN_BUDGET_SECONDS, max: MAX_BUDGET_SECONDS });
}

/** --trials N: a whole number from 1 to MAX_TRIALS_LIMIT, checked before any work starts. */
export function trialsFlag(raw: string | undefined): number | undefined {
  return numberFlag('trials', raw, { positive: true, integer: true, max: MAX_TRIALS_LIMIT });
}
