/**
 * start_task / cancel_task: the MCP server's generic way to run a long tool in the background
 * (for clients without progress notifications or with short request timeouts). start_task
 * validates the arguments against the named tool's own schema and returns a task id; get_task
 * (from tools/index.ts) polls it; cancel_task stops it. Built from the `long` flag of the tools,
 * so a new long tool is covered without changes here.
 *
 * Before a task id is handed out, the ids in the arguments are checked (the dataset and its target
 * column, a run with a finished search that no other session is tuning, a features record), so
 * those mistakes come back on the start_task call instead of as a failed task later.
 */
import { z } from 'zod';
import { AskmlError, unknownName } from '../errors.js';
import { getDataset } from '../task/datasets.js';
import { runLockHolder, runBusyError } from '../task/run-lock.js';
import { loadRunRecord } from '../task/runs.js';
import { loadRecord } from '../task/store.js';
import { defineTool, type AnyTool } from '../../tools/define-tool.js';
import { cancelJob, requireJob, startJob } from './background.js';
import { fieldList, invalidArgsText, prepareArgs } from './args.js';

export interface BackgroundToolOptions {
  /** The MCP session starting the jobs: they are cancelled when it ends (cancelJobsOf). */
  owner?: string;
}

/** Cheap checks of the ids a tool will use: the same NOT_FOUND / COLUMN_NOT_FOUND / busy errors the tool would give. */
export function checkIds(args: Record<string, unknown>, workspaceDir: string): void {
  const str = (k: string): string | null => (typeof args[k] === 'string' ? (args[k] as string) : null);
  const datasetId = str('dataset_id');
  if (datasetId !== null) {
    const ds = getDataset(workspaceDir, datasetId);
    const target = str('target');
    const names = ds.columns.map((c) => c.name);
    if (target !== null && !names.includes(target)) throw unknownName('COLUMN_NOT_FOUND', 'Target column', target, names);
  }
  const runId = str('run_id');
  if (runId !== null) {
    const { dir } = loadRunRecord(workspaceDir, runId);
    const holder = runLockHolder(dir);
    if (holder) throw runBusyError(runId, dir, holder);
  }
  const featuresId = str('features_id');
  if (featuresId !== null) loadRecord(workspaceDir, 'features', featuresId);
}

export function backgroundTools(tools: readonly AnyTool[], bo: BackgroundToolOptions = {}): AnyTool[] {
  const long = tools.filter((t) => t.long);
  if (long.length === 0) return [];
  const names = long.map((t) => t.name) as [string, ...string[]];
  const poll = tools.some((t) => t.name === 'get_task') ? 'get_task' : 'the askml://tasks/{task_id} resource';

  const startTask = defineTool({
    name: 'start_task',
    title: 'Start a long tool in the background',
    description:
      `Run a long tool (${names.join(', ')}) in the background and return a task_id at once, for clients that cannot wait for a long call ` +
      `or show progress. arguments: exactly the arguments of that tool. Poll with ${poll} (status queued/running/succeeded/failed/cancelled; ` +
      'run_id when done); the full tool output is the resource askml://tasks/{task_id}/output. Stop it with cancel_task. ' +
      'Ids, learner names and the metric in the arguments are checked before the task starts. A task is cancelled when the client disconnects (stdio closed, HTTP session ended).',
    input: z
      .object({
        tool: z.enum(names).describe('The long tool to run; the other tools answer quickly, so call them directly'),
        arguments: z
          .union([z.record(z.string(), z.unknown()), z.string()])
          .describe("The tool's own arguments as a JSON object, as for a direct call (a JSON string holding that object is accepted too)"),
      })
      .strict(),
    output: z
      .object({
        task_id: z.string(),
        tool: z.string(),
        status: z.literal('running'),
        poll_with: z.string(),
      })
      .strict(),
    annotations: { readOnlyHint: false, idempotentHint: false, openWorldHint: false },
    async run(input, ctx) {
      const tool = long.find((t) => t.name === input.tool)!;
      const args = prepareArgs(tool, input.arguments, { workspaceDir: ctx.workspaceDir });
      const parsed = (tool.input as z.ZodObject).safeParse(args);
      if (!parsed.success) {
        throw new AskmlError('BAD_ARGUMENT', `Invalid arguments for '${tool.name}':\n${invalidArgsText(parsed.error, args)}`, {
          hint: `Fix these arguments and call start_task again. Fields of '${tool.name}': ${fieldList(tool)}.`,
        });
      }
      checkIds(parsed.data as Record<string, unknown>, ctx.workspaceDir);
      // The tool's own quick checks (learner names, a metric for the task): refused now, as a direct call would be.
      tool.precheck?.(parsed.data, ctx);
      const id = startJob({ tool, input: parsed.data as Record<string, unknown>, ctx, owner: bo.owner });
      return { task_id: id, tool: tool.name, status: 'running' as const, poll_with: poll };
    },
    summarize: (o) => `Started ${o.tool} in the background as task ${o.task_id}. Poll it with ${o.poll_with} until its status is succeeded, failed or cancelled.`,
  });

  const cancelTask = defineTool({
    name: 'cancel_task',
    title: 'Cancel a background task',
    description:
      'Stop a task started with start_task. A cancelled search keeps the best model found so far when it had finished a trial; read the result with get_task.',
    input: z.object({ task_id: z.string().describe('From start_task') }).strict(),
    output: z.object({ task_id: z.string(), cancel_requested: z.boolean() }).strict(),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(input) {
      requireJob(input.task_id);
      return { task_id: input.task_id, cancel_requested: cancelJob(input.task_id) };
    },
    summarize: (o) => `Cancel requested for task ${o.task_id}; poll get_task for its final status.`,
  });

  return [startTask, cancelTask];
}
