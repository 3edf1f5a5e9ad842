/**
 * The feature engineering API: plan -> fit -> transform -> save/load -> describe.
 */
export type { FeatureBlock, FeatureView, FitContext, FittedTransformer, SavedTransformer, Transformer } from './types.js';
export { planFeatures, fitPipeline, makeTransformer, ZH_CHAR_NGRAM, EN_WORD_NGRAM, TREE_TEXT_FEATURES } from './plan.js';
export type { FeaturePlan, ColumnRule, StepSpec, PlanOptions, Treatment } from './plan.js';
export { Pipeline, FittedPipeline, loadPipeline } from './pipeline.js';
export type { SavedPipeline, DroppedColumn, PipelineOptions } from './pipeline.js';
export { describeFeatures } from './describe.js';
export type { FeatureDescription, FeatureStepDescription } from './describe.js';
export { loadTransformer, TRANSFORMER_KINDS } from './registry.js';
export { hstack, csrToDense, csrProblem } from './stack.js';
export {
  FeaturePlanSummarySchema, FittedFeaturesSummarySchema, FeatureStepSummarySchema, PlanColumnSchema,
  DroppedColumnSchema, StepKindSchema, TreatmentSchema, FeatureViewSchema, summarizePlan,
} from './plan-schema.js';
export type { FeaturePlanSummary, FittedFeaturesSummary } from './plan-schema.js';
export { aggregateChildren } from './relational.js';
export type { ChildTable, RelationalOptions, RelationalResult, RelationalFeature } from './relational.js';
export { NumericTransformer } from './numeric.js';
export { OneHotEncoder, OrdinalEncoder, FrequencyEncoder, OTHER } from './categorical.js';
export { TargetEncoder } from './target-encoding.js';
export { DatetimeTransformer, parseDate } from './datetime.js';
export { TfidfVectorizer } from './text/tfidf.js';
