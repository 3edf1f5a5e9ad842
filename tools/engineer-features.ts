/**
 * engineer_features: plan and fit the feature pipelines (both views) on the training rows, report
 * every step with its reason, and store the options as a features record search_model can reuse.
 */
import { z } from 'zod';
import { takeRows } from '../src/data/frame.js';
import { analyzeFrame, fileIdColumns } from '../src/data/profile.js';
import { encodeTarget } from '../src/data/target.js';
import { describeFeatures } from '../src/features/describe.js';
import { fitPipeline, noFeatureLeft, planFeatures, type PlanOptions } from '../src/features/plan.js';
import { FeaturePlanSummarySchema, summarizePlan } from '../src/features/plan-schema.js';
import { datasetFrame, getDataset } from '../src/task/datasets.js';
import { newId } from '../src/task/ids.js';
import { checkTarget, decideSplit, splitFrames } from '../src/task/runs.js';
import { ID_PREFIX, saveRecord } from '../src/task/store.js';
import { AskmlError } from '../src/errors.js';
import { defineTool } from './define-tool.js';
import { orDefault } from './common.js';

export interface FeaturesRecord {
  id: string;
  datasetId: string;
  target: string;
  createdAt: string;
  options: Partial<Omit<PlanOptions, 'view' | 'target' | 'nRows'>>;
  nFeatures: { linear: number; tree: number };
}

/** Seed of the holdout engineer_features fits on (search_model with seed 0 uses the same rows). */
export const FEATURES_SPLIT_SEED = 0;

/** The same column in two lists that contradict each other (or the target in any list) is refused, naming it. */
function checkColumnLists(input: { target: string; exclude_columns: string[]; categorical_columns: string[]; text_columns: string[] }): void {
  const lists = [
    ['exclude_columns', input.exclude_columns],
    ['categorical_columns', input.categorical_columns],
    ['text_columns', input.text_columns],
  ] as const;
  for (const [field, cols] of lists) {
    if (cols.includes(input.target)) {
      throw new AskmlError('BAD_ARGUMENT', `'${input.target}' is the target; it cannot be in ${field}.`, {
        hint: `Remove '${input.target}' from ${field}: the target is never a feature.`,
        field,
        value: input.target,
      });
    }
  }
  for (let i = 0; i < lists.length; i++) {
    for (let j = i + 1; j < lists.length; j++) {
      const both = lists[i][1].filter((c) => lists[j][1].includes(c));
      if (both.length > 0) {
        throw new AskmlError('BAD_ARGUMENT', `${both.map((c) => `'${c}'`).join(', ')} ${both.length > 1 ? 'are' : 'is'} in both ${lists[i][0]} and ${lists[j][0]}; a column can be in one of them only.`, {
          hint: lists[i][0] === 'exclude_columns' ? `To drop the column, keep it in exclude_columns only; to use it, remove it from exclude_columns.` : 'Choose categorical or text for each column.',
          field: lists[j][0],
          value: both[0],
        });
      }
    }
  }
}

export const engineerFeatures = defineTool({
  name: 'engineer_features',
  title: 'Engineer features',
  description:
    'Plan and fit the feature pipelines on the training rows of a dataset: imputation, scaling, one-hot / ordinal / target encoding, ' +
    'datetime parts and TF-IDF for text (Chinese: char n-grams or jieba words). Returns each step with its reason for both views ' +
    "('linear' for linear models, naive Bayes, kNN; 'tree' for tree models) and a features_id to pass to search_model. " +
    'Use exclude_columns for columns the user does not want used, categorical_columns / text_columns to override the detected kinds.',
  input: z
    .object({
      dataset_id: z.string().describe('From profile_data'),
      target: z.string().describe('Column to predict'),
      exclude_columns: orDefault(z.array(z.string()), []).describe('Columns not to use as features; null: none'),
      categorical_columns: orDefault(z.array(z.string()), []).describe('Columns to treat as categories (overrides detection); null: none'),
      text_columns: orDefault(z.array(z.string()), []).describe('Columns to treat as free text (overrides detection); null: none'),
      text_analyzer: orDefault(z.enum(['auto', 'char', 'word']), 'auto').describe(
        "Text tokens: 'char' n-grams, 'word' (jieba for Chinese), 'auto' by language; null: 'auto'",
      ),
      ngram_max: z.number().int().min(1).max(5).nullable().describe('Largest n-gram length; null for the default'),
    })
    .strict(),
  output: z
    .object({
      features_id: z.string(),
      views: z.array(FeaturePlanSummarySchema),
      n_features: z.object({ linear: z.number().int(), tree: z.number().int() }).strict(),
      train_rows: z.number().int(),
    })
    .strict(),
  annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    checkColumnLists(input);
    const dataset = getDataset(ctx.workspaceDir, input.dataset_id);
    const full = await datasetFrame(ctx.workspaceDir, dataset, ctx.signal);
    checkTarget(full, input.target);
    const enc0 = encodeTarget(full, input.target);
    const split = await decideSplit({ workspaceDir: ctx.workspaceDir, dataset, target: input.target, seed: FEATURES_SPLIT_SEED, classification: enc0.task !== 'regression' });
    const { train: raw } = await splitFrames(ctx.workspaceDir, dataset, split, ctx.signal);
    const enc = encodeTarget(raw, input.target);
    const train = enc.dropped > 0 ? takeRows(raw, enc.rows) : raw;
    const columns = analyzeFrame(train, { target: input.target, task: enc.task, idColumns: fileIdColumns(dataset.profile) }).columns;
    const text = input.text_columns.length > 0 || input.text_analyzer !== 'auto' || input.ngram_max !== null
      ? {
          ...(input.text_columns.length > 0 ? { columns: input.text_columns } : {}),
          analyzer: input.text_analyzer,
          ...(input.ngram_max !== null ? { ngram: [1, input.ngram_max] as [number, number] } : {}),
        }
      : undefined;
    const options: FeaturesRecord['options'] = {
      exclude: input.exclude_columns,
      categorical: input.categorical_columns,
      ...(text ? { text } : {}),
    };
    const views = [];
    const nFeatures = { linear: 0, tree: 0 };
    for (const view of ['linear', 'tree'] as const) {
      const plan = planFeatures(columns, { ...options, target: input.target, view, nRows: train.nRows });
      if (plan.rules.length === 0) throw noFeatureLeft(plan.dropped, input.exclude_columns, input.target, 'exclude_columns');
      const fitted = await fitPipeline(plan, train, { seed: FEATURES_SPLIT_SEED, target: enc.target, signal: ctx.signal });
      fitted.dropTrain();
      nFeatures[view] = fitted.nFeatures;
      views.push(summarizePlan(plan, describeFeatures(fitted)));
    }
    const rec: FeaturesRecord = { id: newId(ID_PREFIX.features), datasetId: dataset.id, target: input.target, createdAt: new Date().toISOString(), options, nFeatures };
    saveRecord(ctx.workspaceDir, 'features', rec.id, rec);
    return { features_id: rec.id, views, n_features: nFeatures, train_rows: train.nRows };
  },
  summarize(o) {
    const lines = o.views.map((v) => `${v.view} view (${v.features?.nFeatures ?? 0} features): ${v.columns.map((c) => c.reason).join('; ')}${v.dropped.length ? `; dropped ${v.dropped.map((d) => `${d.column} (${d.reason})`).join(', ')}` : ''}`);
    return `Features ${o.features_id}, fitted on ${o.train_rows} training rows.\n${lines.join('\n')}`;
  },
});
