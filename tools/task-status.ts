/** get_task and list_tasks: read task records (status, plan, result summary, artifacts) back from the workspace. */
import { z } from 'zod';
import { PlanSchema } from '../src/agent/plan.js';
import { getTask, listTasks, type TaskRecord } from '../src/task/tasks.js';
import { defineTool } from './define-tool.js';
import { TestMetricsSchema } from './evaluate.js';
import { fmt } from './common.js';

const nstr = z.string().nullable();
const ErrorSchema = z.object({ code: z.string(), message: z.string() }).strict().nullable();

export const TaskSchema = z
  .object({
    task_id: z.string(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    interrupted: z.boolean().describe('True when its process stopped before it finished'),
    instruction: z.string(),
    data: z.string(),
    planner: z.enum(['offline', 'llm']),
    created_at: z.string(),
    finished_at: nstr,
    wall_seconds: z.number().nullable(),
    plan: PlanSchema.nullable(),
    dataset_id: nstr,
    run_id: nstr,
    steps: z.array(z.object({ tool: z.string(), ok: z.boolean(), ms: z.number(), error: ErrorSchema }).strict()),
    summary: z
      .object({
        task_type: nstr,
        target: nstr,
        metric: nstr,
        best_learner: nstr,
        validation_score: z.number().nullable(),
        test_score: z.number().nullable(),
        test_metrics: TestMetricsSchema.nullable(),
      })
      .strict()
      .nullable(),
    artifacts: z
      .object({
        report: nstr,
        report_markdown: nstr,
        model: nstr,
        onnx: nstr,
        onnx_inputs: z.array(z.string()).describe("model.onnx's inputs, 'name type[shape]'; [] without an export"),
      })
      .strict(),
    error: ErrorSchema,
  })
  .strict();

export type TaskOut = z.infer<typeof TaskSchema>;

export function taskOut(t: TaskRecord): TaskOut {
  const tm = t.summary?.test_metrics ?? null;
  return {
    task_id: t.id,
    status: t.status,
    interrupted: t.interrupted ?? false,
    instruction: t.instruction,
    data: t.data,
    planner: t.planner,
    created_at: t.createdAt,
    finished_at: t.finishedAt,
    wall_seconds: t.wallSeconds,
    plan: t.plan,
    dataset_id: t.datasetId,
    run_id: t.runId,
    steps: t.steps,
    summary: t.summary
      ? {
          ...t.summary,
          test_metrics: tm
            ? { accuracy: null, balanced_accuracy: null, macro_f1: null, roc_auc: null, log_loss: null, rmse: null, mae: null, r2: null, mape: null, ...tm }
            : null,
        }
      : null,
    // Tasks written before onnx_inputs existed have none.
    artifacts: { ...t.artifacts, onnx_inputs: t.artifacts.onnx_inputs ?? [] },
    error: t.error,
  };
}

function oneLine(t: TaskOut): string {
  const s = t.summary;
  const score = s?.test_score !== null && s?.test_score !== undefined ? `, test ${s.metric} ${fmt(s.test_score)}` : '';
  const run = t.run_id ? ` (run ${t.run_id})` : '';
  // A task whose process died leaves its run unfinished: its finished trials are kept, and tune continues it.
  const resume = t.interrupted && t.run_id ? ` Its run ${t.run_id} keeps the trials it finished: continue it with tune (run_id ${t.run_id}).` : '';
  return `${t.task_id} ${t.status}${t.interrupted ? ' (interrupted)' : ''}: "${t.instruction}" on ${t.data}${run}${s?.best_learner ? ` -> ${s.best_learner}` : ''}${score}${t.error ? ` [${t.error.code}: ${t.error.message}]` : ''}${resume}`;
}

export const getTaskTool = defineTool({
  name: 'get_task',
  title: 'Get a task',
  description: 'Read one task: a full run started from an instruction (status, plan, steps, result summary with test metrics, artifact paths: report, model, ONNX), or a background task from start_task (poll it until its status is no longer running; the tool\'s full output is the resource askml://tasks/{task_id}/output).',
  input: z.object({ task_id: z.string().describe('A task id (task_...)') }).strict(),
  output: TaskSchema,
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    return taskOut(getTask(ctx.workspaceDir, input.task_id));
  },
  summarize: oneLine,
});

export const listTasksTool = defineTool({
  name: 'list_tasks',
  title: 'List tasks',
  description: 'List the tasks of this workspace, newest first, with status, result summary and artifacts. limit: how many (null: 20).',
  input: z.object({ limit: z.number().int().positive().max(500).nullable().describe('How many tasks; null: 20') }).strict(),
  output: z.object({ tasks: z.array(TaskSchema) }).strict(),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  async run(input, ctx) {
    return { tasks: listTasks(ctx.workspaceDir, input.limit ?? 20).map(taskOut) };
  },
  summarize: (o) => (o.tasks.length === 0 ? 'No tasks in this workspace yet.' : o.tasks.map(oneLine).join('\n')),
});
