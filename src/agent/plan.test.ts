import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PlanSchema, defaultMetric, metricFits, METRICS } from './plan.js';
import { isStrictCompatible } from '../llm/tool-schema.js';

describe('PlanSchema', () => {
  it('is OpenAI strict-mode compatible (closed objects, all properties required)', () => {
    const schema = z.toJSONSchema(PlanSchema);
    expect(isStrictCompatible(schema)).toBe(true);
    expect((schema as { required: string[] }).required).toContain('assumptions');
  });
  it('rejects unknown keys and bad metrics', () => {
    const ok = {
      task_type: 'binary', target: 't', metric: 'accuracy', text_columns: [], excluded_columns: [], categorical_columns: [],
      budget_seconds: 10, preferences: { interpretable: false, fast: false, imbalanced: false, export_onnx: false, max_accuracy: false, explain: false },
      include_learners: null, exclude_learners: [], lang: 'en', assumptions: [],
    };
    expect(PlanSchema.safeParse(ok).success).toBe(true);
    expect(PlanSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    expect(PlanSchema.safeParse({ ...ok, metric: 'f2' }).success).toBe(false);
    expect(PlanSchema.safeParse({ ...ok, budget_seconds: 0 }).success).toBe(false);
  });
  it('pairs metrics with tasks', () => {
    expect(METRICS.filter((m) => metricFits(m, 'regression'))).toEqual(['rmse', 'mae', 'r2', 'mape']);
    expect(metricFits('roc_auc', 'multiclass')).toBe(true);
    expect([defaultMetric('binary', false), defaultMetric('multiclass', false), defaultMetric('binary', true), defaultMetric('regression', true)]).toEqual([
      'accuracy', 'macro_f1', 'macro_f1', 'rmse',
    ]);
  });
});
