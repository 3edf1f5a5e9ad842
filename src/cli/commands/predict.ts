/** `askml predict --model DIR|RUN_ID --data FILE --out FILE`: predictions from a saved model. */
import { AskmlError } from '../../errors.js';
import type { Command } from '../command.js';
import { parseFlags, positionals } from '../args.js';
import { checkOutFormat } from '../paths.js';

export const predictCommand: Command = {
  name: 'predict',
  summary: 'Predict a data file with a saved model (labels + class probabilities, or values).',
  usage: [
    'Usage: askml predict --model DIR|RUN_ID --data FILE [--out FILE] [--format csv|jsonl] [--workspace DIR] [--json]',
    '',
    'Writes one row per input row: label and prob_<class> columns (classification) or prediction',
    '(regression). The data needs the columns the model was trained on; extra columns are ignored.',
    'The format follows --format, else the --out extension (.jsonl/.json: jsonl, else csv); a --format that',
    'contradicts the --out extension (--out p.csv --format jsonl) is an error.',
    '',
    'Examples:',
    '  askml predict --model .askml/runs/run_20261123140501_a1b2c3/model --data new.csv --out predictions.csv',
    '  askml predict --model run_20261123140501_a1b2c3 --data new.csv --out predictions.jsonl',
  ].join('\n'),
  async run(argv) {
    const { values, positionals: pos } = parseFlags('predict', argv, {
      model: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      workspace: { type: 'string' },
      json: { type: 'boolean' },
    });
    positionals('predict', pos, []);
    if (!values.model || !values.data) throw new AskmlError('BAD_ARGUMENT', "'askml predict' needs --model and --data.", { hint: "See 'askml help predict'." });
    if (values.format && values.format !== 'csv' && values.format !== 'jsonl') {
      throw new AskmlError('BAD_ARGUMENT', `--format must be csv or jsonl, got '${values.format}'.`, { choices: ['csv', 'jsonl'] });
    }
    if (values.out && values.format) checkOutFormat(values.out, values.format);
    const { cliContext, runTool } = await import('../run-tool.js');
    const res = await runTool<unknown>('predict', { model: values.model, path: values.data, out_path: values.out ?? null, format: values.format ?? null }, cliContext({ workspace: values.workspace }));
    process.stdout.write(values.json ? `${JSON.stringify(res.output)}\n` : `${res.summary}\n`);
    return 0;
  },
};
