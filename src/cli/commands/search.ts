/** `askml search DATA --target COL ...`: profile + model search only (no plan), printing the leaderboard. */
import { AskmlError } from '../../errors.js';
import { TASK_TYPES } from '../../agent/plan.js';
import { METRIC_NAMES } from '../../evaluate/metrics.js';
import type { Command } from '../command.js';
import { listFlag, MISSING_VALUES_HELP, missingValuesFlag, parseFlags, positionals, dataFileArg } from '../args.js';
import { metricFlag } from '../metric-flag.js';
import { checkTestNotData } from '../paths.js';
import { budgetFlag, budgetOrTrials, numberFlag, trialsFlag } from './run.js';

export const searchCommand: Command = {
  name: 'search',
  summary: 'Search models for a target column within a budget; prints the leaderboard and the run id.',
  usage: [
    'Usage: askml search DATA --target COL [--task T] [--metric M] [--budget S | --trials N] [--learners a,b]',
    '                    [--exclude a,b] [--ignore-columns a,b] [--seed 0] [--test FILE | --split FILE]',
    '                    [--missing-values LIST]',
    '                    [--workspace DIR] [--json]',
    '',
    'Holds out test rows (the --test file, the --split file, or a seeded 20%), searches learners and',
    'hyperparameters with cross-validation on the rest, and saves the best model in the run folder:',
    'the best configuration, or a weighted ensemble of the best ones when that validates better, refit',
    'on all training rows; on small regression data (under 10,000 rows) each configuration keeps its 5',
    'cross-validation fold models and averages them instead (bagging).',
    "Follow with 'askml resume RUN_ID --budget S' to search longer, or 'askml predict --model RUN_ID ...'.",
    'Ctrl-C stops the search and still refits and saves the best model so far (exit 130); a second Ctrl-C',
    "stops the refit at once: the saved model is then the best trial's first-fold model (fit on part of the",
    'training rows), and the next resume replaces it with a complete fit that scores as well. SIGTERM acts',
    'as the second Ctrl-C at once (exit 143).',
    '',
    'Flags:',
    '  DATA             the data file (CSV, TSV, JSON, JSONL, Parquet); --data FILE works too',
    '  --target COL     column to predict (required)',
    `  --metric M       ${METRIC_NAMES.join(', ')}`,
    '                   (mae: gbdt, the forests (approximately), and ridge / linear_regression without text features',
    '                   fit absolute error; knn and decision_tree keep squared error;',
    '                   mape on a positive target: every learner fits log(target))',
    '  --task T         binary, multiclass or regression (default: from the target; an integer target with',
    '                   few values is read as classes, --task regression reads it as numbers)',
    '  --budget S       wall-clock budget in seconds, at least 1 (default 60); the search ends sooner when every\n                   learner\'s local search has converged (the run\'s notes say so)',
    '  --trials N       a trial count instead of a budget (reproducible)',
    '  --learners LIST  only these learners or families (gbdt,linear,forest,naive_bayes,knn,...)',
    '  --exclude LIST   never these learners or families',
    '  --ignore-columns LIST',
    '                   columns never used as features (ids, leaks, columns the test file lacks); the saved',
    '                   model does not read them, so predict files may leave them out (a comma inside a',
    "                   column name is written \\,: --ignore-columns 'weird\\, col,id')",
    '  --test FILE      held-out test rows in a separate file (not the data file itself)',
    '  --split FILE     a NAME.split.json listing the test row indices',
    MISSING_VALUES_HELP,
    '  --json           print the search result as JSON: the search_model tool\'s output, the object MCP clients',
    '                   get (run_id, best, leaderboard, learners, finalModel, trials, notes...; on failure:',
    '                   {"error": {...}})',
    '',
    'Examples:',
    '  askml search examples/churn.csv --target churned --metric roc_auc --budget 30',
    '  askml search examples/house-prices.csv --target price --trials 20 --learners gbdt,ridge',
    '  askml search examples/churn.csv --target churned --ignore-columns customer_id,region',
  ].join('\n'),
  async run(argv) {
    const { values, positionals: pos } = parseFlags('search', argv, {
      data: { type: 'string' },
      target: { type: 'string' },
      metric: { type: 'string' },
      budget: { type: 'string' },
      trials: { type: 'string' },
      learners: { type: 'string' },
      exclude: { type: 'string' },
      'ignore-columns': { type: 'string' },
      seed: { type: 'string' },
      test: { type: 'string' },
      split: { type: 'string' },
      'missing-values': { type: 'string' },
      workspace: { type: 'string' },
      json: { type: 'boolean' },
      task: { type: 'string' },
    });
    const data = dataFileArg('search', pos, values.data, 'data');
    if (!values.target) throw new AskmlError('BAD_ARGUMENT', "'askml search' needs --target COL.", { hint: `Run 'askml profile ${data}' to see the columns.` });
    const budget = budgetFlag(values.budget);
    const trials = trialsFlag(values.trials);
    const seed = numberFlag('seed', values.seed, { integer: true }) ?? 0;
    const metric = metricFlag(values.metric);
    const asked = values.task?.trim().toLowerCase();
    const task = asked === undefined ? null : (TASK_TYPES.find((t) => t === asked) ?? null);
    if (values.task !== undefined && task === null) {
      throw new AskmlError('BAD_ARGUMENT', `--task must be binary, multiclass or regression, got '${values.task}'.`, { choices: [...TASK_TYPES] });
    }
    const include = listFlag('learners', values.learners, 'gbdt,linear');
    const exclude = listFlag('exclude', values.exclude, 'knn');
    const ignoreColumns = listFlag('ignore-columns', values['ignore-columns'], 'customer_id,notes');
    if (values.test && values.split) throw new AskmlError('BAD_ARGUMENT', 'Give --test or --split, not both.');
    budgetOrTrials(values.budget, values.trials);
    if (values.test) checkTestNotData(data, values.test);
    const { cliContext, runTool } = await import('../run-tool.js');
    const { progressLine } = await import('../render/progress.js');
    const { renderLeaderboard, renderLearners } = await import('../render/run.js');
    const bar = progressLine(process.stderr, { unit: trials !== undefined && budget === undefined ? ' trials' : 's' });
    // Ctrl-C stops the search; the best model so far is still refit and saved (exit 130). A second one,
    // or SIGTERM (exit 143), stops at once.
    const ac = new AbortController();
    const hard = new AbortController();
    const { stopOnSignals } = await import('../stop-signals.js');
    const stop = stopOnSignals({ soft: () => ac.abort(), hard: () => hard.abort(), say: (l) => bar.line(l), softMessage: 'Stopping the search: the best model so far is refit and saved (Ctrl-C again to stop at once).' });
    try {
      const ctx = { ...cliContext({ workspace: values.workspace, signal: AbortSignal.any([ac.signal, hard.signal]), progress: (u) => bar.update(u) }), hardSignal: hard.signal };
      const prof = await runTool<{ dataset_id: string; profile: { warnings: { code: string; message: string }[] } }>('profile_data', { path: data, target: values.target, test_path: values.test ?? null, split_file: values.split ?? null, missing_values: missingValuesFlag(values['missing-values']) ?? null }, ctx);
      // How the file was read changes what the model sees: say so here too, not only in askml profile.
      const { READING_WARNINGS } = await import('../../data/profile-schema.js');
      for (const w of prof.output.profile.warnings) if (READING_WARNINGS.has(w.code)) process.stderr.write(`warning: ${w.message}\n`);
      // Columns left out on request: planned by engineer_features, whose record the search reuses.
      const features = ignoreColumns?.length
        ? await runTool<{ features_id: string }>('engineer_features', { dataset_id: prof.output.dataset_id, target: values.target, exclude_columns: ignoreColumns, categorical_columns: null, text_columns: null, text_analyzer: null, ngram_max: null }, ctx)
        : null;
      const res = await runTool<{ run_id: string; metric: string; leaderboard: Parameters<typeof renderLeaderboard>[0]; learners: Parameters<typeof renderLearners>[0]; model_path: string }>('search_model', {
        dataset_id: prof.output.dataset_id,
        target: values.target,
        task,
        metric,
        budget_seconds: budget ?? null,
        max_trials: trials ?? null,
        seed,
        include_learners: include,
        exclude_learners: exclude ?? [],
        features_id: features?.output.features_id ?? null,
        parallelism: null,
      }, ctx);
      bar.done();
      if (values.json) process.stdout.write(`${JSON.stringify(res.output)}\n`);
      else process.stdout.write(`${renderLearners(res.output.learners, res.output.metric)}\n\n${renderLeaderboard(res.output.leaderboard, res.output.metric, 5)}\n\n${res.summary}\nModel: ${res.output.model_path}\n`);
      return stop.exitCode(0);
    } finally {
      bar.done();
      stop.dispose();
    }
  },
};
