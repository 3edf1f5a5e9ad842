/**
 * zod output schema of evaluate (OpenAI strict mode: closed objects, nullable not optional),
 * and the conversion from the engine's Evaluation to it.
 */
import { z } from 'zod';
import { METRIC_NAMES } from './metrics.js';
import type { Evaluation } from './evaluate.js';

export const MetricValueSchema = z
  .object({
    name: z.enum(METRIC_NAMES as [string, ...string[]]),
    value: z.number().nullable().describe('null when the model gives no probabilities for this metric'),
    direction: z.enum(['higher', 'lower']),
  })
  .strict();

export const ClassMetricsSchema = z
  .object({ label: z.string(), precision: z.number(), recall: z.number(), f1: z.number(), support: z.number() })
  .strict();

export const EvaluationSchema = z
  .object({
    task: z.enum(['binary', 'multiclass', 'regression']),
    target: z.string(),
    rows: z.number().int().describe('test rows scored'),
    primary: MetricValueSchema.describe('the metric the search optimised'),
    metrics: z.array(MetricValueSchema),
    perClass: z.array(ClassMetricsSchema).nullable(),
    confusion: z
      .object({ labels: z.array(z.string()), matrix: z.array(z.array(z.number())).describe('rows: actual, columns: predicted') })
      .strict()
      .nullable(),
    residuals: z
      .object({
        mean: z.number(),
        std: z.number(),
        meanAbs: z.number(),
        quantiles: z.array(z.object({ q: z.number(), value: z.number() }).strict()).describe('of actual - predicted'),
      })
      .strict()
      .nullable()
      .describe('test-row residuals actual - predicted (a positive mean: the model predicts too low); null for classification'),
    importance: z
      .object({
        columns: z.array(z.object({ column: z.string(), mean: z.number(), std: z.number() }).strict()).describe('score drop when the column is shuffled'),
        rows: z.number().int(),
        repeats: z.number().int(),
        complete: z.boolean(),
      })
      .strict()
      .nullable(),
    topTerms: z
      .object({
        learners: z.array(z.string()).describe('the linear learners whose weights were read'),
        share: z.number().describe("share of the final model's weight they hold"),
        columns: z.array(
          z
            .object({
              column: z.string(),
              tokens: z.string().describe("the TF-IDF block's tokens: char n-grams, word n-grams or jieba words"),
              groups: z.array(
                z.object({ label: z.string().describe("a class, or 'higher' / 'lower' for regression"), terms: z.array(z.object({ term: z.string(), weight: z.number().describe('relative, largest 1') }).strict()) }).strict(),
              ),
            })
            .strict(),
        ),
      })
      .strict()
      .nullable()
      .describe('terms of each text column that weigh most for each class, from the linear members of the model; null without text or a linear member'),
    droppedRows: z.number().int(),
    notes: z.array(z.string()),
  })
  .strict();

export type EvaluationOutput = z.infer<typeof EvaluationSchema>;

/** Evaluation -> schema-valid plain object (non-finite numbers become null or 0). */
export function evaluationOutput(e: Evaluation): EvaluationOutput {
  return EvaluationSchema.parse(JSON.parse(JSON.stringify(e, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))));
}
