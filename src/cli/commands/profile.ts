/** `askml profile FILE [--target COL] [--no-target] [--json]`: load a table and describe it. */
import path from 'node:path';
import { AskmlError } from '../../errors.js';
import type { Command } from '../command.js';
import { MISSING_VALUES_HELP, missingValuesFlag, parseFlags, positionals, dataFileArg } from '../args.js';

export const profileCommand: Command = {
  name: 'profile',
  summary: 'Profile a data file: column types and roles, missing values, target balance, warnings.',
  usage: [
    'Usage: askml profile FILE [--target COL | --no-target] [--missing-values LIST] [--json]',
    '',
    'Loads FILE (CSV, TSV, JSON, JSONL or Parquet; UTF-8 or GB18030) and prints its profile.',
    'Dates in a CSV/TSV: 2021-04-13, 13/04/2021, 04/13/2021, 4/13/2021 19:40, 4/13/2021 7:40 PM ...; day',
    'first when no value shows the order (a date_format warning says so). The test file and files to',
    'predict are read with the training file\'s date format.',
    '',
    'Flags:',
    '  FILE           the data file; --data FILE works too',
    '  --target COL   the column to predict (default: guessed from its name, else the last column)',
    '  --no-target    profile without a target (not with --target)',
    MISSING_VALUES_HELP,
    '  --json         print {"file": ..., "profile": ...} as JSON for programs (on failure: {"error": {...}})',
    '',
    'Examples:',
    '  askml profile examples/churn.csv --target churned',
    '  askml profile examples/house-prices.csv --no-target',
    '  askml profile examples/news-titles.csv --json',
    "  askml profile regions.csv --missing-values ''      # 'NA' (North America) is a value here",
  ].join('\n'),
  async run(argv) {
    const { values, positionals: pos } = parseFlags('profile', argv, {
      data: { type: 'string' },
      target: { type: 'string' },
      'no-target': { type: 'boolean' },
      'missing-values': { type: 'string' },
      json: { type: 'boolean' },
    });
    const file = dataFileArg('profile', pos, values.data, 'file');
    if (values['no-target'] && values.target !== undefined) {
      throw new AskmlError('BAD_ARGUMENT', `Give --target or --no-target, not both (got --target '${values.target}' and --no-target).`, {
        hint: `Drop --no-target to profile with '${values.target}' as the target.`,
      });
    }
    // Heavy modules (DuckDB) load only when the command runs, so `askml --help` stays fast.
    const { loadTable } = await import('../../data/load.js');
    const { profileFrame } = await import('../../data/profile.js');
    const { renderProfile } = await import('../render/profile.js');
    const { frame, info } = await loadTable(file, { missingValues: missingValuesFlag(values['missing-values']) });
    const target = values['no-target'] ? null : values.target;
    const profile = profileFrame(frame, { target });
    if (values.json) process.stdout.write(`${JSON.stringify({ file: info, profile }, null, 2)}\n`);
    else process.stdout.write(`${renderProfile(profile, info, path.basename(file))}\n`);
    return 0;
  },
};
