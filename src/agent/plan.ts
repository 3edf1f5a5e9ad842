/**
 * The Plan: what the planner decided from the instruction and the data profile. Produced by the
 * offline rule planner (src/llm/offline-planner.ts) or proposed by an LLM, consumed by the agent
 * loop and the tools. Valid for OpenAI strict mode: closed objects, `.nullable()` never `.optional()`.
 */
import { z } from 'zod';
import { MIN_BUDGET_SECONDS } from '../search/deadline.js';

export const TASK_TYPES = ['binary', 'multiclass', 'regression'] as const;
export const TaskTypeSchema = z.enum(TASK_TYPES);
export type PlanTaskType = z.infer<typeof TaskTypeSchema>;

export const METRICS = [
  'accuracy',
  'balanced_accuracy',
  'macro_f1',
  'roc_auc',
  'log_loss',
  'rmse',
  'mae',
  'r2',
  'mape',
] as const;
export const MetricSchema = z.enum(METRICS);
export type Metric = z.infer<typeof MetricSchema>;

export const CLASSIFICATION_METRICS: readonly Metric[] = ['accuracy', 'balanced_accuracy', 'macro_f1', 'roc_auc', 'log_loss'];
export const REGRESSION_METRICS: readonly Metric[] = ['rmse', 'mae', 'r2', 'mape'];

/** Whether `metric` can score `task` (roc_auc is defined here for binary and multiclass, one-vs-rest). */
export function metricFits(metric: Metric, task: PlanTaskType): boolean {
  return task === 'regression' ? REGRESSION_METRICS.includes(metric) : CLASSIFICATION_METRICS.includes(metric);
}

/**
 * Learner families the planner may name in include/exclude lists. The search tool maps each family
 * to the registered learners (src/learners/registry.ts); unknown names are reported, not thrown.
 */
export const LEARNER_FAMILIES = ['linear', 'decision_tree', 'forest', 'gbdt', 'naive_bayes', 'knn'] as const;
/** Which family each registered learner belongs to. */
export const LEARNER_FAMILY: Readonly<Record<string, string>> = {
  logistic_regression: 'linear',
  linear_svm: 'linear',
  ridge: 'linear',
  linear_regression: 'linear',
  decision_tree: 'decision_tree',
  random_forest: 'forest',
  extra_trees: 'forest',
  gbdt: 'gbdt',
  naive_bayes: 'naive_bayes',
  knn: 'knn',
};
/** Learners that fit one kind of task only (the registry's `tasks`; a test keeps the two in step). */
export const LEARNER_ONLY_FOR: Readonly<Record<string, 'classification' | 'regression'>> = {
  logistic_regression: 'classification',
  linear_svm: 'classification',
  naive_bayes: 'classification',
  ridge: 'regression',
  linear_regression: 'regression',
};
/** The family of a name the planner puts in its learner lists (a family is its own). */
export function learnerFamilyOf(name: string): string {
  return LEARNER_FAMILY[name] ?? name;
}

/** Whether a name the planner puts in its learner lists can fit `task` (a family always can). */
export function learnerFits(name: string, task: PlanTaskType): boolean {
  const only = LEARNER_ONLY_FOR[name];
  return !only || (only === 'regression') === (task === 'regression');
}

/** Families kept when the user asks for an interpretable model. */
export const INTERPRETABLE_LEARNERS: readonly string[] = ['linear', 'decision_tree'];

export const DEFAULT_BUDGET_SECONDS = 120;
export const FAST_BUDGET_SECONDS = 30;

export const PreferencesSchema = z
  .object({
    interpretable: z.boolean().describe('Only models a person can read (linear, single tree).'),
    fast: z.boolean().describe('Finish as soon as possible: short budget, cheap learners.'),
    imbalanced: z.boolean().describe('Classes are imbalanced: use a class-balanced metric and weights.'),
    export_onnx: z.boolean().describe('Export the best pipeline to ONNX.'),
    max_accuracy: z.boolean().describe('Accuracy matters more than time or simplicity.'),
    explain: z.boolean().describe('Report which features matter (permutation importance).'),
  })
  .strict();
export type Preferences = z.infer<typeof PreferencesSchema>;

export const PlanSchema = z
  .object({
    task_type: TaskTypeSchema,
    target: z.string().describe('Name of the target column, exactly as in the data.'),
    metric: MetricSchema,
    text_columns: z.array(z.string()).describe('Free-text columns to tokenise.'),
    excluded_columns: z.array(z.string()).describe('Columns the user asked not to use.'),
    categorical_columns: z.array(z.string()).describe('Columns to one-hot / target encode.'),
    budget_seconds: z.number().min(MIN_BUDGET_SECONDS).describe('Wall-clock budget for the model search, in seconds (at least 1).'),
    preferences: PreferencesSchema,
    include_learners: z.array(z.string()).nullable().describe("Only these learners ('logistic_regression', 'random_forest', ...) or families ('linear', 'forest', ...); null: all."),
    exclude_learners: z.array(z.string()),
    lang: z.enum(['zh', 'en']).describe('Language of the instruction (and of the report).'),
    assumptions: z.array(z.string()).describe('Every assumption the planner made, in plain words.'),
  })
  .strict();
export type Plan = z.infer<typeof PlanSchema>;

/** The metric used when the user names none. */
export function defaultMetric(task: PlanTaskType, imbalanced: boolean): Metric {
  if (task === 'regression') return 'rmse';
  // Multiclass: macro-F1 weighs every class equally (and equals accuracy on balanced data);
  // binary: accuracy, what people mean by "how often is it right"; imbalanced: macro-F1.
  if (imbalanced) return 'macro_f1';
  return task === 'binary' ? 'accuracy' : 'macro_f1';
}
