/** profile_data: load and describe a data file, and register it in the workspace as a dataset id. */
import { z } from 'zod';
import { AskmlError } from '../src/errors.js';
import { checkTestNotData } from '../src/data/test-file.js';
import { analyzeFrame } from '../src/data/profile.js';
import { ProfileSchema, TaskSchema } from '../src/data/profile-schema.js';
import { readSplitFile } from '../src/data/split.js';
import { columnNames, textColumnsOf } from '../src/data/frame.js';
import { loadDataFile, saveDataset } from '../src/task/datasets.js';
import { defineTool } from './define-tool.js';

export const profileData = defineTool({
  name: 'profile_data',
  title: 'Profile a dataset',
  description:
    'Load a data file (CSV, TSV, JSON, JSONL or Parquet), describe every column (type, role, missing values, distinct values, text language), ' +
    'the target and its class balance, and warnings (id columns, leakage, imbalance). Registers the file in the workspace (a small dataset ' +
    'record; the data file is never changed) and returns a dataset_id that ' +
    'every other tool takes. Call it first. Give target when the user names the column to predict, else null (askml guesses). ' +
    'test_path: a separate held-out test file; split_file: a NAME.split.json listing test row indices; both null: a 20% holdout is made later.',
  input: z
    .object({
      path: z.string().describe('Path of the data file'),
      target: z.string().nullable().describe('Column to predict, exactly as in the data; null to let askml guess'),
      test_path: z.string().nullable().describe('Separate test file with the same columns, or null'),
      split_file: z.string().nullable().describe('A .split.json file with test row indices, or null'),
      missing_values: z
        .array(z.string().max(100))
        .max(100)
        .nullable()
        .default(null)
        .describe(
          "CSV/TSV cells to read as missing besides the empty cell, e.g. ['?', '-']; [] keeps 'NA', 'None', 'null'... as values (NA for North America). " +
            "null: pandas' default list (NA, N/A, NULL, NaN, None, null, #N/A...). Applies to the test file, later runs and predictions of the models trained on it",
        ),
    })
    .strict(),
  output: z
    .object({
      dataset_id: z.string(),
      path: z.string(),
      rows: z.number().int(),
      cols: z.number().int(),
      test_rows: z.number().int().nullable(),
      target_guess: z.string().nullable().describe('The target column (given or guessed)'),
      task_guess: TaskSchema.nullable(),
      profile: ProfileSchema,
      warnings: z.array(z.string()),
    })
    .strict(),
  // Not read-only: it writes a dataset record into the workspace (the data file itself is never changed).
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    if (input.test_path !== null && input.split_file !== null) {
      throw new AskmlError('BAD_ARGUMENT', 'Give test_path or split_file, not both.', { hint: 'Set one of them to null.' });
    }
    const path = ctx.resolvePath(input.path);
    const missingValues = input.missing_values ?? undefined;
    const { frame, file } = await loadDataFile(path, { signal: ctx.signal, missingValues });
    const analysis = analyzeFrame(frame, { target: input.target ?? undefined });
    let test = null;
    let testFrame = null;
    if (input.test_path !== null) {
      const testPath = ctx.resolvePath(input.test_path);
      checkTestNotData(path, testPath, 'test_path');
      // Dates as the training file was read ('03/04/2021' is the same day in both files), and its
      // text columns as text.
      const t = await loadDataFile(testPath, { signal: ctx.signal, missingValues, dates: file.dates, textColumns: textColumnsOf(frame.columns) });
      // Columns the features drop on their own (an id, a leak, a constant or empty column) may be absent.
      const role = new Map(analysis.profile.columns.map((c) => [c.name, c.role]));
      const missing = columnNames(frame).filter((c) => !t.frame.columns.some((x) => x.name === c) && c !== analysis.target && role.get(c) === 'feature');
      if (missing.length > 0) {
        // Not an error yet: the features may leave them out ("ignore fare"); the search checks the
        // columns its fitted features read before any trial (src/search/automl.ts testColumns).
        analysis.profile.warnings.push({
          code: 'test_missing_columns',
          column: missing[0],
          message: `The test file lacks column(s) ${missing.map((m) => `'${m}'`).join(', ')} of the training file; a model that reads them cannot be scored, so leave them out of the features.`,
        });
      }
      if (analysis.target && !t.frame.columns.some((x) => x.name === analysis.target)) {
        if (input.target !== null) {
          throw new AskmlError('SCHEMA_MISMATCH', `The test file has no target column '${analysis.target}'; it is needed to score the model.`, {
            choices: columnNames(t.frame),
          });
        }
        // Only guessed: the plan may name another target (askml run "predict survived"), which the
        // test file has; whoever uses this target checks it (src/task/submit.ts).
        analysis.profile.warnings.push({ code: 'test_no_target', column: analysis.target, message: `The test file has no column '${analysis.target}' (the guessed target); name a target the test file has.` });
      }
      test = t.file;
      testFrame = t.frame;
    }
    let splitFile: string | null = null;
    if (input.split_file !== null) {
      splitFile = ctx.resolvePath(input.split_file);
      await readSplitFile(splitFile, frame.nRows); // validate now, not in the middle of a run
    }
    const rec = saveDataset(
      ctx.workspaceDir,
      {
        ...file,
        columns: frame.columns.map((c) => ({ name: c.name, type: c.type })),
        target: analysis.target,
        task: analysis.task,
        test,
        splitFile,
        profile: analysis.profile,
        ...(missingValues ? { missingValues: [...missingValues] } : {}),
      },
      { train: frame, test: testFrame },
    );
    return {
      dataset_id: rec.id,
      path: rec.path,
      rows: rec.rows,
      cols: rec.cols,
      test_rows: test ? test.rows : null,
      target_guess: analysis.target,
      task_guess: analysis.task,
      profile: analysis.profile,
      warnings: analysis.profile.warnings.map((w) => w.message),
    };
  },
  summarize(o) {
    const p = o.profile;
    const cols = p.columns.map((c) => `${c.name} (${c.semantic}${c.role !== 'feature' ? `, ${c.role}` : ''})`).join(', ');
    const target = p.target
      ? `Target '${p.target.name}'${p.target.guessed ? ' (guessed)' : ''}: ${p.target.task}${p.target.nClasses ? `, ${p.target.nClasses} classes` : ''}.`
      : 'No target chosen.';
    const warn = o.warnings.length ? ` Warnings: ${o.warnings.join(' ')}` : '';
    return `Dataset ${o.dataset_id}: ${o.rows} rows x ${o.cols} columns${o.test_rows !== null ? ` (+ test file of ${o.test_rows} rows)` : ''}. Columns: ${cols}. ${target}${warn}`;
  },
});
