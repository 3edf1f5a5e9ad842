/**
 * evaluate: score a run's saved model on the run's held-out test rows (never seen by the search):
 * every metric of the task, per-class metrics and confusion matrix, residuals, permutation
 * importance. Stored in the run folder as evaluation.json (and the test scores in the manifest).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { updateManifest } from '../src/export/artifact.js';
import { inputWarnings } from '../src/export/input-check.js';
import { evaluate as evaluateModel } from '../src/evaluate/evaluate.js';
import { EvaluationSchema, evaluationOutput } from '../src/evaluate/schemas.js';
import { mainTermBlock } from '../src/evaluate/top-terms.js';
import { encodeTestTarget } from '../src/evaluate/evaluate.js';
import { takeRows } from '../src/data/frame.js';
import { getDataset } from '../src/task/datasets.js';
import { loadRunRecord, loadSplit, splitFrames } from '../src/task/runs.js';
import { syncRunTasks } from '../src/task/run-artifacts.js';
import { writeJsonAtomic } from '../src/util/fs.js';
import { defineTool } from './define-tool.js';
import { fmt, loadRunModel } from './common.js';

const nullableNumber = z.number().nullable();

export const TestMetricsSchema = z
  .object({
    accuracy: nullableNumber,
    balanced_accuracy: nullableNumber,
    macro_f1: nullableNumber,
    roc_auc: nullableNumber,
    log_loss: nullableNumber,
    rmse: nullableNumber,
    mae: nullableNumber,
    r2: nullableNumber,
    mape: nullableNumber,
  })
  .strict()
  .describe('Test-set metrics; null when not defined for the task');

export type TestMetrics = z.infer<typeof TestMetricsSchema>;

export const EvaluateOutputSchema = z
  .object({
    run_id: z.string(),
    split: z.string().describe('Where the test rows come from'),
    test_rows: z.number().int(),
    metric: z.string().describe('The metric the search optimised'),
    test_score: z.number().nullable().describe('That metric on the test rows'),
    validation_score: z.number().nullable().describe('That metric in the search (cross-validation / holdout)'),
    test_metrics: TestMetricsSchema,
    evaluation: EvaluationSchema,
    evaluation_path: z.string(),
  })
  .strict();

export type EvaluateOutput = z.infer<typeof EvaluateOutputSchema>;

export function testMetricsOf(metrics: { name: string; value: number | null }[]): TestMetrics {
  const out: TestMetrics = { accuracy: null, balanced_accuracy: null, macro_f1: null, roc_auc: null, log_loss: null, rmse: null, mae: null, r2: null, mape: null };
  for (const m of metrics) if (m.name in out) out[m.name as keyof TestMetrics] = m.value;
  return out;
}

/**
 * " Top terms of title (jieba tokens, from naive_bayes): 体育: 季后赛, 首轮, 半决赛; ..." for one text
 * block, at most 6 groups: the most important text column's, words before character n-grams.
 */
function topTermsText(ev: EvaluateOutput['evaluation']): string {
  const tt = ev.topTerms;
  const c = mainTermBlock(tt, ev.importance?.columns);
  if (!c) return '';
  const groups = c.groups.filter((g) => g.terms.length > 0);
  const shown = groups.slice(0, 6).map((g) => `${g.label}: ${g.terms.slice(0, 3).map((t) => t.term).join(', ')}`);
  return ` Top terms of ${c.column} (${c.tokens} tokens, from ${tt!.learners.join(' + ')}): ${shown.join('; ')}${groups.length > 6 ? `; ${groups.length - 6} more classes in evaluation.topTerms` : ''}.`;
}

export const evaluateTool = defineTool({
  name: 'evaluate',
  title: 'Evaluate on held-out data',
  description:
    "Score a run's best model on the run's held-out test rows (the test file, split file or 20% holdout decided by search_model; the search never saw them). " +
    'Returns every metric of the task (accuracy, macro_f1, roc_auc, log_loss / rmse, mae, r2...), per-class precision/recall/F1 and the ' +
    'confusion matrix (classification), residual summary (regression), permutation importance of the input columns and, for text columns, ' +
    "the terms that weigh most for each class in the model's linear members. Call it after search_model.",
  input: z.object({ run_id: z.string().describe('From search_model') }).strict(),
  output: EvaluateOutputSchema,
  annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    const { dir, record } = loadRunRecord(ctx.workspaceDir, input.run_id);
    const split = loadSplit(dir);
    const dataset = getDataset(ctx.workspaceDir, record.datasetId);
    const { test } = await splitFrames(ctx.workspaceDir, dataset, split, ctx.signal);
    const { manifest, model } = loadRunModel(dir, input.run_id);
    // Permutation importance gets at most 10 s, and a quarter of a short search budget (a 3 s
    // search of 2,000 columns spent 10 s here).
    const importanceSeconds = Math.min(10, Math.max(1, 0.25 * (record.budgetSeconds ?? 40)));
    const ev = evaluateModel({ model, test, seed: record.seed, importance: { maxRows: 1000, repeats: 3, maxSeconds: importanceSeconds } });
    const out = evaluationOutput(ev);
    // A separate test file is read on its own: text in a column that was numeric in training (read
    // as missing) or categories the model has no code for pass silently otherwise (predict warns too).
    if (split.kind === 'test_file') out.notes.push(...inputWarnings(manifest, model, test));
    const testMetrics = testMetricsOf(out.metrics);
    // Actual vs predicted values for the report's regression chart.
    let points: { actual: number[]; predicted: number[] } | null = null;
    if (model.task === 'regression') {
      const enc = encodeTestTarget(model, test);
      const p = model.predict(takeRows(test, enc.rows)).values;
      points = { actual: Array.from(enc.y), predicted: Array.from(p) };
    }
    const path = join(dir, 'evaluation.json');
    writeJsonAtomic(path, { runId: record.runId, split: split.source, evaluation: out, testMetrics, points });
    updateManifest(join(dir, 'model'), (m) => {
      for (const [k, v] of Object.entries(testMetrics)) if (v !== null) m.scores[`test_${k}`] = v;
    });
    // Finished tasks of this run (after tune / askml resume replaced the model) show these test scores.
    syncRunTasks(ctx.workspaceDir, record.runId);
    return {
      run_id: record.runId,
      split: split.source,
      test_rows: out.rows,
      metric: record.metric,
      test_score: out.primary.value,
      validation_score: manifest.scores.validation ?? null,
      test_metrics: testMetrics,
      evaluation: out,
      evaluation_path: path,
    };
  },
  summarize(o) {
    const ms = Object.entries(o.test_metrics)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ');
    const imp = o.evaluation.importance?.columns.slice(0, 5).map((c) => `${c.column} ${fmt(c.mean, 3)}`).join(', ');
    return `Test set (${o.test_rows} rows, ${o.split}): ${ms}. Optimised ${o.metric}: test ${fmt(o.test_score)} vs validation ${fmt(o.validation_score)}.` +
      (imp ? ` Most important columns (score drop when shuffled): ${imp}.` : '') +
      topTermsText(o.evaluation) +
      (o.evaluation.notes.length ? ` Notes: ${o.evaluation.notes.join(' ')}` : '');
  },
});
