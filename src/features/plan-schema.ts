/**
 * zod schemas for what the engineer_features tool returns: the plan summary (per-column rules
 * with reasons, dropped columns) and, once fitted, the generated features. OpenAI-strict
 * friendly: closed objects, `.nullable()` instead of optional fields.
 */
import { z } from 'zod';
import type { FeatureDescription } from './describe.js';
import type { FeaturePlan } from './plan.js';

export const FeatureViewSchema = z.enum(['tree', 'linear']);
export const TreatmentSchema = z.enum(['numeric', 'categorical', 'datetime', 'text']);
export const StepKindSchema = z.enum(['numeric', 'one_hot', 'ordinal', 'frequency', 'target_encoder', 'datetime_parts', 'tfidf']);

export const PlanColumnSchema = z.strictObject({
  column: z.string(),
  treatment: TreatmentSchema,
  /** Step kinds applied to the column, in order. */
  steps: z.array(StepKindSchema),
  reason: z.string(),
});

export const DroppedColumnSchema = z.strictObject({
  column: z.string(),
  reason: z.string(),
});

export const FeatureStepSummarySchema = z.strictObject({
  step: StepKindSchema,
  inputs: z.array(z.string()),
  count: z.number().int(),
  examples: z.array(z.string()),
  reason: z.string(),
});

export const FittedFeaturesSummarySchema = z.strictObject({
  nFeatures: z.number().int(),
  sparse: z.boolean(),
  steps: z.array(FeatureStepSummarySchema),
});

export const FeaturePlanSummarySchema = z.strictObject({
  view: FeatureViewSchema,
  target: z.string(),
  columns: z.array(PlanColumnSchema),
  dropped: z.array(DroppedColumnSchema),
  /** Null until the plan has been fitted. */
  features: FittedFeaturesSummarySchema.nullable(),
});

export type FeaturePlanSummary = z.infer<typeof FeaturePlanSummarySchema>;
export type FittedFeaturesSummary = z.infer<typeof FittedFeaturesSummarySchema>;

/** The plan (and optionally what fitting it produced) in the schema's shape. */
export function summarizePlan(plan: FeaturePlan, described: FeatureDescription | null = null): FeaturePlanSummary {
  return {
    view: plan.view,
    target: plan.target,
    columns: plan.rules.map((r) => ({ column: r.column, treatment: r.treatment, steps: r.steps.map((s) => s.kind), reason: r.reason })),
    dropped: plan.dropped.map((d) => ({ column: d.column, reason: d.reason })),
    features: described
      ? {
          nFeatures: described.nFeatures,
          sparse: described.sparse,
          steps: described.steps.map((s) => ({ ...s, step: s.step as z.infer<typeof StepKindSchema> })),
        }
      : null,
  };
}
