/** predict: apply a saved model (a run id or a model folder) to a data file; write labels and probabilities. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { predictFile, type PredictFormat } from '../src/export/artifact.js';
import { isValidId, newId } from '../src/task/ids.js';
import { existingRunDir } from '../src/task/store.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { checkRunHasModel, fmt } from './common.js';
import { AskmlError } from '../src/errors.js';
import { isInside } from '../src/util/fs.js';
import { malformedId } from '../src/mcp/args.js';

/** A run id -> its model folder; a path -> that folder (or its model/ sub-folder for a run folder). */
export function modelDirOf(model: string, ctx: ToolContext): string {
  if (isValidId(model)) {
    const runDir = existingRunDir(ctx.workspaceDir, model);
    checkRunHasModel(runDir, model);
    return path.join(runDir, 'model');
  }
  const dir = ctx.resolvePath(model);
  // 'run_nope': meant as a run id (no such path), not a folder; say what run ids look like.
  if (/^run_/i.test(model) && !/[\\/]/.test(model) && !existsSync(dir)) throw malformedId(ctx.workspaceDir, 'runs', model, 'model');
  if (!existsSync(path.join(dir, 'manifest.json')) && existsSync(path.join(dir, 'model', 'manifest.json'))) return path.join(dir, 'model');
  // A run folder whose search has not finished: say so, and how to finish it.
  if (!existsSync(path.join(dir, 'manifest.json')) && existsSync(path.join(dir, 'run.json'))) checkRunHasModel(dir, path.basename(dir));
  return dir;
}

/** Extensions that say which format a predictions file holds. */
const EXT_FORMAT: Record<string, PredictFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl' };

/** Extensions of formats askml does not write predictions in (a .tsv file of commas, a .parquet file of text, would mislead). */
const OTHER_FORMATS = new Set(['.tsv', '.tab', '.parquet', '.pq', '.xlsx', '.xls', '.feather', '.arrow']);

/**
 * The format to write predictions to `out` in: `format` when given, else the one its extension
 * says (.jsonl, .ndjson, .json: jsonl), else csv. A format that contradicts the extension
 * (p.jsonl with csv) is a BAD_ARGUMENT rather than CSV in a file named .jsonl. Shared by the
 * predict tool and `askml predict`; `names` are the caller's words for the two arguments.
 */
export function checkOutFormat(
  out: string | null,
  format: PredictFormat | null,
  names: { out: string; format: string; unset: string } = { out: 'out_path', format: 'format', unset: 'pass format null' },
): PredictFormat {
  if (out !== null && /[\\/]$/.test(out) && out !== '/dev/stdout/') {
    throw new AskmlError('BAD_ARGUMENT', `${names.out} '${out}' names a folder; give a file path such as '${path.join(out, 'predictions.csv')}'.`);
  }
  const ext = out === null ? '' : path.extname(out).toLowerCase();
  if (OTHER_FORMATS.has(ext)) {
    throw new AskmlError('BAD_ARGUMENT', `${names.out} '${out}' ends in ${ext}, but askml writes predictions as CSV or JSON lines only.`, {
      hint: `Name the file ${out!.slice(0, out!.length - ext.length)}.csv or .jsonl.`,
      choices: ['csv', 'jsonl'],
    });
  }
  const implied = EXT_FORMAT[ext] as PredictFormat | undefined;
  if (format !== null && implied && implied !== format) {
    throw new AskmlError('BAD_ARGUMENT', `${names.out} '${out}' ends in ${ext} but ${names.format} is ${format}.`, {
      hint: `Name the file ${out!.slice(0, out!.length - ext.length)}.${format}, or ${names.unset} to write ${implied}.`,
      choices: ['csv', 'jsonl'],
    });
  }
  return format ?? implied ?? 'csv';
}

export const predict = defineTool({
  name: 'predict',
  title: 'Predict with a saved model',
  description:
    'Apply a trained model to a data file and write one prediction per row: for classification the label and one prob_<class> column per class, ' +
    "for regression a 'prediction' column, after any kept input columns (keep; by default the id columns, e.g. customer_id). " +
    'model: a run_id from search_model, or the path of a model folder. The file needs the columns ' +
    'the model was trained on (extra columns are ignored; the target column is not needed). Returns the output path, row count and the first 5 predictions.',
  input: z
    .object({
      model: z.string().describe('A run_id (run_...) or a model folder path'),
      path: z.string().describe('Data file to predict'),
      out_path: z
        .string()
        .nullable()
        .describe("Where to write predictions; null: a new file in the workspace's predictions/ folder. Never the input file, askml's records (runs/, datasets/ ...) or an existing file that is not a predictions file"),
      format: z
        .enum(['csv', 'jsonl'])
        .nullable()
        .describe("Output format; null: from out_path's extension (.jsonl, .ndjson, .json: jsonl), else csv. Must not contradict out_path's extension"),
      keep: z
        .array(z.string())
        .nullable()
        .describe(
          'Input columns to copy into each prediction row, before the predictions (e.g. an id, to join the predictions back); ' +
            "null: the columns the training profile marked as identifiers (role id), if the file has them; []: none",
        ),
    })
    .strict(),
  output: z
    .object({
      out_path: z.string(),
      format: z.enum(['csv', 'jsonl']),
      rows: z.number().int(),
      columns: z.array(z.string()),
      kept: z.array(z.string()).describe('The input columns copied into each row (the first columns)'),
      preview: z.array(
        z
          .object({
            label: z.string().nullable(),
            value: z.number().nullable(),
            probabilities: z.array(z.object({ class: z.string(), p: z.number() }).strict()),
          })
          .strict(),
      ),
      warnings: z.array(z.string()).describe('Input the model reads differently from its training data (text in a numeric column, unknown categories); the predictions were still made'),
    })
    .strict(),
  annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    // Checked before anything is read, so a contradiction is the first error the caller sees.
    const ext = checkOutFormat(input.out_path, input.format);
    const modelDir = modelDirOf(input.model, ctx);
    const dataPath = ctx.resolvePath(input.path);
    const predictionsDir = path.join(ctx.workspaceDir, 'predictions');
    const outPath = input.out_path !== null
      ? ctx.resolvePath(input.out_path)
      : path.join(predictionsDir, `${path.basename(dataPath).replace(/\.[^.]+$/, '')}.${newId('pred')}.${ext}`);
    // askml's own records (runs/, datasets/, features/, tasks/) must never be overwritten.
    const recordDir = (['runs', 'datasets', 'features', 'tasks'] as const).map((k) => path.join(ctx.workspaceDir, k)).find((d) => isInside(outPath, d));
    if (recordDir) {
      throw new AskmlError('BAD_ARGUMENT', `out_path '${input.out_path}' is inside askml's records (${recordDir}), which predictions must not overwrite.`, {
        hint: `Write predictions elsewhere, e.g. under ${predictionsDir}, or pass out_path null.`,
      });
    }
    const r = await predictFile({ modelDir, dataPath, outPath, format: ext, keep: input.keep ?? 'ids', signal: ctx.signal });
    return { out_path: r.outPath, format: r.format, rows: r.rows, columns: r.columns, kept: r.kept, preview: r.preview, warnings: r.warnings };
  },
  summarize(o) {
    const prev = o.preview
      .map((p) => (p.label !== null ? `${p.label} (${fmt(Math.max(...p.probabilities.map((q) => q.p)), 3)})` : fmt(p.value)))
      .join(', ');
    return `Wrote ${o.rows} predictions to ${o.out_path} (${o.format}; columns ${o.columns.join(', ')}). First rows: ${prev}.${o.warnings.map((w) => `\nWarning: ${w}`).join('')}`;
  },
});
