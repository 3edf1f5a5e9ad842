/**
 * The ArgsBuilder for runOfflineAgent (src/agent/offline-agent.ts): each step's arguments from the
 * Plan and the earlier steps' outputs. Ids flow from step to step (dataset_id -> features_id ->
 * run_id), never rows.
 */
import { AskmlError } from '../src/errors.js';
import type { ArgsBuilder, StepOutputs } from '../src/agent/offline-agent.js';
import type { Plan } from '../src/agent/plan.js';

export interface OfflineArgsOptions {
  /** Data file for profile_data (when the sequence profiles). */
  dataPath: string;
  testPath?: string | null;
  splitFile?: string | null;
  seed?: number;
  /** A trial count instead of the plan's time budget (reproducible runs, tests). */
  maxTrials?: number | null;
  /** The dataset id when profile_data already ran outside the sequence. */
  datasetId?: string | null;
  parallelism?: number | null;
}

function idFrom(outputs: StepOutputs, tool: string, key: string, fallback?: string | null): string {
  const v = (outputs[tool] as Record<string, unknown> | undefined)?.[key];
  if (typeof v === 'string') return v;
  if (fallback) return fallback;
  throw new AskmlError('INTERNAL', `The offline sequence needs '${key}' from ${tool}, which did not run.`);
}

export function createOfflineArgs(o: OfflineArgsOptions): ArgsBuilder {
  return (tool: string, { plan, outputs }: { plan: Plan; outputs: StepOutputs }) => {
    const datasetId = () => idFrom(outputs, 'profile_data', 'dataset_id', o.datasetId);
    const runId = () => idFrom(outputs, 'search_model', 'run_id');
    switch (tool) {
      case 'profile_data':
        return { path: o.dataPath, target: plan.target, test_path: o.testPath ?? null, split_file: o.splitFile ?? null };
      case 'engineer_features':
        return {
          dataset_id: datasetId(),
          target: plan.target,
          exclude_columns: plan.excluded_columns,
          categorical_columns: plan.categorical_columns,
          text_columns: plan.text_columns,
          // ONNX asked for: char n-grams run inside the graph, word / jieba tokens would be an input.
          text_analyzer: plan.preferences.export_onnx && plan.text_columns.length > 0 ? 'char' : 'auto',
          ngram_max: null,
        };
      case 'search_model': {
        const features = outputs.engineer_features as { features_id?: string } | undefined;
        return {
          dataset_id: datasetId(),
          target: plan.target,
          task: plan.task_type,
          metric: plan.metric,
          budget_seconds: o.maxTrials ? null : plan.budget_seconds,
          max_trials: o.maxTrials ?? null,
          seed: o.seed ?? 0,
          include_learners: plan.include_learners,
          exclude_learners: plan.exclude_learners,
          features_id: features?.features_id ?? null,
          parallelism: o.parallelism ?? null,
          // An interpretable model is one readable model: no ensemble, no averaged fold models.
          ensemble: plan.preferences.interpretable ? false : null,
        };
      }
      case 'tune':
        return { run_id: runId(), learner: null, budget_seconds: Math.max(5, Math.round(plan.budget_seconds / 4)) };
      case 'evaluate':
      case 'export_model':
        return { run_id: runId() };
      case 'report':
        return { run_id: runId(), lang: plan.lang };
      default:
        throw new AskmlError('INTERNAL', `No offline arguments for tool '${tool}'.`);
    }
  };
}
