/**
 * The offline planner's reading of a case without training: profile the data with the real
 * profile_data tool, then plan with the same inputs submitTask gives the rule planner (profile
 * columns, target and task guess, minority share; no label column or task type from the caller).
 * Used by `--plan-only` and, in full runs, to read the budget the instruction states before the
 * runner caps it with the case's budget_seconds.
 */
import { AskmlError } from '../src/errors.js';
import { columnInfos } from '../src/data/profile.js';
import type { Profile } from '../src/data/profile-schema.js';
import type { Plan, PlanTaskType } from '../src/agent/plan.js';
import { callTool, toolMap } from '../src/agent/call-tool.js';
import { offlinePlan } from '../src/llm/offline-planner.js';
import { getDataset } from '../src/task/datasets.js';
import { TOOLS } from '../tools/index.js';
import type { ToolContext } from '../tools/define-tool.js';

export interface ProfileFacts {
  profile: Profile;
  targetGuess: string | null;
  taskGuess: PlanTaskType | null;
}

export function offlinePlanOf(instruction: string, f: ProfileFacts, defaultBudgetSeconds: number): Plan {
  const t = f.profile.target;
  const minority = t && t.classes.length > 0 ? Math.min(...t.classes.map((c) => c.share)) : null;
  return offlinePlan({
    instruction,
    columns: columnInfos(f.profile),
    targetGuess: f.targetGuess,
    taskGuess: f.taskGuess,
    minorityShare: minority,
    defaultBudgetSeconds,
  });
}

/** Profile a data file in `workspaceDir` (the test file is not read: the plan does not depend on it). */
export async function profileFacts(o: { workspaceDir: string; dataset: string; splitFile: string | null; signal?: AbortSignal }): Promise<ProfileFacts & { datasetId: string }> {
  const ctx: ToolContext = { workspaceDir: o.workspaceDir, resolvePath: (p) => p, signal: o.signal };
  const out = await callTool(toolMap(TOOLS), 'profile_data', { path: o.dataset, target: null, test_path: null, split_file: o.splitFile }, ctx);
  if (!out.ok) throw new AskmlError(out.error!.code as never, `profile_data failed: ${out.error!.message}`);
  const p = out.output as { dataset_id: string; profile: Profile; target_guess: string | null; task_guess: PlanTaskType | null };
  return { datasetId: p.dataset_id, profile: p.profile, targetGuess: p.target_guess, taskGuess: p.task_guess };
}

/** The facts of a dataset a task already profiled (no reload). */
export function datasetFacts(workspaceDir: string, datasetId: string): ProfileFacts {
  const d = getDataset(workspaceDir, datasetId);
  return { profile: d.profile, targetGuess: d.target, taskGuess: (d.task as PlanTaskType | null) ?? null };
}
