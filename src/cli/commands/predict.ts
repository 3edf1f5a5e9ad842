/** `askml predict --model DIR|RUN_ID --data FILE --out FILE`: predictions from a saved model. */
import { fstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { AskmlError } from '../../errors.js';
import type { Command } from '../command.js';
import { listFlag, parseFlags, positionals } from '../args.js';

export const predictCommand: Command = {
  name: 'predict',
  summary: 'Predict a data file with a saved model (labels + class probabilities, or values).',
  usage: [
    'Usage: askml predict --model DIR|RUN_ID --data FILE [--out FILE|-] [--format csv|jsonl]',
    '                     [--keep COL[,COL] | --no-keep] [--workspace DIR] [--json]',
    '',
    'Writes one row per input row: label and prob_<class> columns (classification) or prediction',
    '(regression). The data needs the columns the model was trained on; extra columns are ignored.',
    '',
    'Flags:',
    '  --model M        a run id (run_...) of the workspace, a run folder or its model/ folder',
    '  --data FILE      the rows to predict (CSV, TSV, JSON, JSONL, Parquet); the target column is not needed',
    '  --out FILE       where to write; - for stdout. Default: a new file',
    '                   <workspace>/predictions/<data name>.pred_<id>.<csv|jsonl> (the path is printed)',
    '  --format F       csv or jsonl (default: from the --out extension, .jsonl/.json: jsonl, else csv;',
    '                   one that contradicts the --out extension, --out p.csv --format jsonl, is an error)',
    '  --keep COLS      input columns to copy into each row, before the predictions (e.g. an id column).',
    '                   Default: the columns the training profile marked as identifiers (unique per row,',
    '                   such as customer_id), when the data has them',
    '  --no-keep        write the predictions only',
    '  --workspace DIR  where runs are looked up and predictions go (default .askml or $ASKML_WORKSPACE)',
    '  --json           print the result as one JSON object (out_path, rows, columns, kept, preview, warnings)',
    '',
    'The "Wrote N predictions" line goes to stderr, so stdout carries only the predictions with --out -',
    '(or /dev/stdout). With --json the object goes to stdout, or to stderr when the predictions do.',
    '',
    'Examples:',
    '  askml run "predict churned" --data examples/churn.csv --budget 10    # prints the run id',
    '  askml predict --model run_20261123140501_a1b2c3 --data examples/churn.csv --out predictions.csv',
    '  askml predict --model .askml/runs/run_20261123140501_a1b2c3/model --data new.csv --out predictions.jsonl',
    '  askml predict --model run_20261123140501_a1b2c3 --data new.csv --keep customer_id,region --out - | head',
  ].join('\n'),
  async run(argv) {
    const { values, positionals: pos } = parseFlags('predict', argv, {
      model: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      keep: { type: 'string' },
      'no-keep': { type: 'boolean' },
      workspace: { type: 'string' },
      json: { type: 'boolean' },
    });
    positionals('predict', pos, [], 'The model and the data are flags: askml predict --model RUN_ID|DIR --data FILE [--out FILE].');
    if (!values.model || !values.data) throw new AskmlError('BAD_ARGUMENT', "'askml predict' needs --model and --data.", { hint: "See 'askml help predict'." });
    if (values.format && values.format !== 'csv' && values.format !== 'jsonl') {
      throw new AskmlError('BAD_ARGUMENT', `--format must be csv or jsonl, got '${values.format}'.`, { choices: ['csv', 'jsonl'] });
    }
    if (values.keep !== undefined && values['no-keep']) {
      throw new AskmlError('BAD_ARGUMENT', `Give --keep or --no-keep, not both (got --keep '${values.keep}' and --no-keep).`, {
        hint: 'Drop --no-keep to copy the --keep columns, or drop --keep to write the predictions only.',
      });
    }
    const keep = values['no-keep'] ? [] : listFlag('keep', values.keep, 'customer_id');
    // `--out -` is stdout (predictFile writes /dev/stdout through the process stream).
    const out = values.out === '-' ? '/dev/stdout' : values.out;
    if (out && values.format) {
      const { checkOutFormat } = await import('../../../tools/predict.js'); // the predict tool's own check
      checkOutFormat(out, values.format as 'csv' | 'jsonl', { out: '--out', format: '--format', unset: 'drop --format' });
    }
    const { cliContext, runTool } = await import('../run-tool.js');
    let res: { output: unknown; summary: string };
    try {
      res = await runTool<unknown>('predict', { model: values.model, path: values.data, out_path: out ?? null, format: values.format ?? null, keep }, cliContext({ workspace: values.workspace }));
    } catch (e) {
      // The reader of a pipe went away (`... --out - | head -1`): nothing left to tell anyone.
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return 0;
      throw e;
    }
    // Status goes to stderr, never into the predictions: stdout may be the predictions stream.
    // The --json object is the command's result, so it stays on stdout unless the predictions
    // are written there.
    const { stdStream } = await import('../../export/artifact.js');
    const named = out === undefined ? null : stdStream(path.resolve(out));
    const toStdout = out !== undefined && (named === process.stdout || sameFile(out, 1));
    const toStderr = out !== undefined && !toStdout && (named === process.stderr || sameFile(out, 2));
    if (values.json) (toStdout ? process.stderr : process.stdout).write(`${JSON.stringify(res.output)}\n`);
    else (toStderr ? process.stdout : process.stderr).write(`${res.summary}\n`);
    return 0;
  },
};


/** Is `file` the file (pipe, terminal, regular file) open as descriptor `fd`? */
export function sameFile(file: string, fd: number): boolean {
  try {
    const a = statSync(file);
    const b = fstatSync(fd);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}
