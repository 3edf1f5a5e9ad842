import { describe, expect, it } from 'vitest';
import { AskmlError } from '../errors.js';
import { cliText, cliWording, errorJson } from './cli-errors.js';
import { budgetFlag } from './commands/run.js';

describe('cliWording (F17): tool names become CLI commands and flags', () => {
  const cases: [string, string | undefined, string][] = [
    ['Start a new search with search_model.', 'resume', "Start a new search with 'askml search DATA --target COL'."],
    ["Use task 'regression' (or null to let askml infer it).", 'search', 'Use --task regression (or leave --task out to let askml infer it).'],
    ["Use task 'multiclass' (or null to let askml infer it).", 'run', 'Ask for multiclass in the instruction (or leave the task out to let askml infer it).'],
    ["Ids look like 'run_1'. List them with list_tasks or 'askml runs'.", 'predict', "Ids look like 'run_1'. List them with 'askml runs'."],
    ['Profile the file again with profile_data to register the new version.', 'resume', "Search the file as it is now with 'askml search FILE --target COL' (a new run)."],
    ['Profile the file again with profile_data to register it under a new id.', 'resume', "Restore the file, or start a new search with 'askml search FILE --target COL'."],
    ['Give a larger budget, or fewer / cheaper learners (include: ["logistic_regression"]).', 'search', 'Give a larger budget, or fewer / cheaper learners (--learners logistic_regression).'],
    ['Give a larger budget, or fewer / cheaper learners (include: ["logistic_regression"]).', 'run', 'Give a larger budget, or fewer / cheaper learners (add "only logistic regression" to the instruction).'],
    ['include_learners / exclude_learners leave no learner to search.', 'search', '--learners / --exclude leave no learner to search.'],
    ['search_model failed: No trial finished.', 'run', 'No trial finished.'],
    ["Invalid arguments for 'search_model':\n✖ Too big → at budget_seconds\nFix these arguments and call 'search_model' again.", 'search', 'Invalid arguments:\n✖ Too big → at --budget'],
    ['Call profile_data first.', 'chat', "Call 'askml profile FILE' first."],
    ["out_path 'p.csv' is inside the askml workspace. Write predictions outside it, or pass out_path null.", 'predict', "--out 'p.csv' is inside the askml workspace. Write predictions outside it, or leave --out out."],
    ['Give test_path or split_file, not both.', 'search', 'Give --test or --split, not both.'],
    ["'run_nope' is not a valid run id (model). The resource askml://runs lists every run (newest first); search_model returns a new run_id.", 'predict', "'run_nope' is not a valid run id (model). 'askml runs' lists every run (newest first)."],
    ['Add them to the test file, or leave them out of the features (engineer_features\' exclude_columns: ["fare", "a \\"b\\""]).', 'search', 'Add them to the test file, or leave them out of the features (--ignore-columns \'fare,a "b"\').'],
    ['(engineer_features\' exclude_columns: ["weird, col", "it\'s"])', 'search', "(--ignore-columns 'weird\\, col,it'\\''s')"],
    ['(engineer_features\' exclude_columns: ["fare", "age_2"])', 'search', '(--ignore-columns fare,age_2)'],
    ['Add them to the test file, or leave them out of the features (engineer_features\' exclude_columns: ["fare", "age"]).', 'run', 'Add them to the test file, or leave them out of the features ("ignore fare and age" in the instruction).'],
    ["'y' is the target; it cannot be in exclude_columns.", 'search', "'y' is the target; it cannot be in --ignore-columns."],
    ["(columns left: none): exclude_columns removes 'a'. Keep at least one of the excluded columns (remove it from exclude_columns), or pass exclude_columns null.", 'search', "(columns left: none): --ignore-columns leaves out 'a'. Keep at least one of the excluded columns (remove it from --ignore-columns), or leave the flag out."],
    ["(columns left: none): exclude_columns removes 'a'. Keep at least one of the excluded columns (remove it from exclude_columns), or pass exclude_columns null.", 'run', "(columns left: none): the instruction excludes 'a'. Keep at least one of the excluded columns (exclude fewer columns in the instruction)."],
    ["Excluded column 'regoin' not found.", 'search', "--ignore-columns names 'regoin', which is not a column of the data."],
    ["Name one of the columns as the target (e.g. 'predict y'), or give it with --target.", 'chat', "Name one of the columns as the target (e.g. 'predict y')."],
  ];
  it.each(cases)('%s (%s)', (text, cmd, want) => {
    expect(cliText(text, cmd)).toBe(want);
  });

  it('rewrites the message and the hint and keeps the other details', () => {
    const e = new AskmlError('BAD_ARGUMENT', 'include_learners / exclude_learners leave no learner to search.', { choices: ['gbdt'], hint: 'Start a new search with search_model.', value: 'x' });
    const w = cliWording(e, 'search');
    expect(w.code).toBe('BAD_ARGUMENT');
    expect(w.message).toBe('--learners / --exclude leave no learner to search.');
    expect(w.details).toEqual({ choices: ['gbdt'], hint: "Start a new search with 'askml search DATA --target COL'.", value: 'x' });
  });
});

describe('a too-large --budget (audit9 F11)', () => {
  it('suggests resuming the run, and to resume itself several resumes of at most a day each', () => {
    let e: unknown;
    try {
      budgetFlag('100000');
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(AskmlError);
    expect(cliWording(e as AskmlError, 'search').details.hint).toContain('For a longer search, resume the run.');
    const hint = String(cliWording(e as AskmlError, 'resume').details.hint);
    expect(hint).toBe('The budget is in seconds; 86400 is 24 hours. For a longer search, resume several times, each with --budget 86400 or less: each session continues the search.');
  });
});

describe('errorJson (F9)', () => {
  it('splits an AskmlError into code, message, hint, choices and details', () => {
    const e = new AskmlError('COLUMN_NOT_FOUND', "Target column 'x' not found.", { hint: "Did you mean 'y'?", choices: ['y', 'z'], value: 'x', path: undefined });
    expect(errorJson(e)).toEqual({ error: { code: 'COLUMN_NOT_FOUND', message: "Target column 'x' not found.", hint: "Did you mean 'y'?", choices: ['y', 'z'], details: { value: 'x' } } });
    expect(errorJson(new AskmlError('BUDGET', 'Too short.'))).toEqual({ error: { code: 'BUDGET', message: 'Too short.' } });
  });

  it('anything else is INTERNAL', () => {
    expect(errorJson(new TypeError('x is undefined'))).toEqual({ error: { code: 'INTERNAL', message: 'internal error (a bug in askml): x is undefined' } });
  });
});

describe('cliWording: a regression metric on a class target', () => {
  it('names the command line way to ask for regression once', () => {
    const e = new AskmlError('BAD_METRIC', "Metric 'mae' does not fit a binary task.", { hint: "If the target is a number (an integer with few values is read as classes), ask for regression (askml search --task regression; search_model task 'regression')." });
    expect(cliWording(e, 'search').describe()).toContain('ask for regression (--task regression).');
    expect(cliWording(e, 'run').describe()).toContain('ask for regression in the instruction (e.g. "predict rooms as a regression").');
  });
});
