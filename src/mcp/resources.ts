/**
 * MCP resources over the workspace folder (read-only): a run's report, leaderboard, trial log,
 * evaluation and settings, and a task's record, events and (background) output. Plus the prompt
 * template "train a model on this file".
 *
 *   askml://runs/{run_id}/report        report.md          askml://runs/{run_id}/report.html
 *   askml://runs/{run_id}/leaderboard   leaderboard.json   askml://runs/{run_id}/trials (trials.jsonl)
 *   askml://runs/{run_id}/evaluation    evaluation.json    askml://runs/{run_id}/run    (run.json)
 *   askml://tasks/{task_id}             the task record    askml://tasks/{task_id}/events, /output
 *   askml://runs                        every run (id, dataset, target, metric, best, status), newest first
 *   askml://datasets                    every registered dataset (id, file, shape, target)
 *
 * Ids in URIs are matched case-insensitively; a malformed id gets the same "Valid choices" list as
 * an unknown one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ListResourcesResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { isAskmlError } from '../errors.js';
import { getDataset } from '../task/datasets.js';
import { listRuns } from '../task/runs.js';
import { existingRunDir, listIds, type RecordKind } from '../task/store.js';
import { getTask } from '../task/tasks.js';
import { malformedId, normalizeId } from './args.js';
import { outputFile } from './background.js';

interface RunFile {
  /** The last URI segment. */
  key: string;
  file: string;
  mimeType: string;
  title: string;
}

export const RUN_FILES: readonly RunFile[] = [
  { key: 'report', file: 'report.md', mimeType: 'text/markdown', title: 'Report (Markdown)' },
  { key: 'report.html', file: 'report.html', mimeType: 'text/html', title: 'Report (HTML)' },
  { key: 'leaderboard', file: 'leaderboard.json', mimeType: 'application/json', title: 'Leaderboard' },
  { key: 'trials', file: 'trials.jsonl', mimeType: 'application/x-ndjson', title: 'Trial log' },
  { key: 'evaluation', file: 'evaluation.json', mimeType: 'application/json', title: 'Test evaluation' },
  { key: 'run', file: 'run.json', mimeType: 'application/json', title: 'Run settings' },
];

/** Runs listed in resources/list (newest first). */
const LIST_RUNS = 50;

function variable(v: string | string[] | undefined): string {
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/** The canonical id in a URI variable (any case), or NOT_FOUND with the known ids. */
function idOf(workspaceDir: string, kind: RecordKind, v: string | string[] | undefined): string {
  let raw = variable(v);
  try {
    raw = decodeURIComponent(raw);
  } catch {
    // not percent-encoded: use it as it is
  }
  const id = normalizeId(raw);
  if (id === null) throw malformedId(workspaceDir, kind, raw);
  return id;
}

/** Newest first: enough to pick an id from; each list says how many there are in all. */
const LIST_MAX = 200;

/** One line per run for askml://runs. */
export function runsIndex(workspaceDir: string): { count: number; runs: Record<string, unknown>[] } {
  const runs = listRuns(workspaceDir, LIST_MAX).map(({ runId, dir, record: rec, state, trials }) => {
    if (!rec) return { run_id: runId, status: state, note: 'No finished search yet: evaluate, report and export_model need one; tune continues an interrupted run.' };
    return {
      run_id: runId,
      status: rec.status,
      dataset_id: rec.datasetId,
      target: rec.target,
      task: rec.task,
      metric: rec.metric,
      best_learner: rec.bestLearner,
      validation_score: rec.bestScore,
      trials: trials ?? rec.trials,
      updated_at: rec.updatedAt,
      evaluated: existsSync(join(dir, 'evaluation.json')),
      onnx: existsSync(join(dir, 'model.onnx')),
    };
  });
  return { count: listIds(workspaceDir, 'runs').length, runs };
}

/** One line per dataset for askml://datasets. */
export function datasetsIndex(workspaceDir: string): { count: number; datasets: Record<string, unknown>[] } {
  const ids = listIds(workspaceDir, 'datasets');
  const datasets = ids.slice(0, LIST_MAX).map((id) => {
    try {
      const d = getDataset(workspaceDir, id);
      return { dataset_id: id, path: d.path, rows: d.rows, cols: d.cols, target: d.target, task: d.task, test_file: d.test?.path ?? null, created_at: d.createdAt };
    } catch {
      return { dataset_id: id, status: 'unreadable' };
    }
  });
  return { count: ids.length, datasets };
}

/** MCP's "resource not found" error code (the specification's -32002), and JSON-RPC's invalid params. */
const RESOURCE_NOT_FOUND = -32002;
const INVALID_PARAMS = -32602;

/**
 * A JSON-RPC error whose message goes on the wire as it is: the SDK sends a thrown error's code and
 * message, and McpError's message already starts 'MCP error <code>: ', which clients then print
 * twice (audit).
 */
function rpcError(code: number, message: string): Error & { code: number } {
  return Object.assign(new Error(message), { code });
}

function readText(uri: URL, file: string, mimeType: string, what: string): ReadResourceResult {
  if (!existsSync(file)) throw rpcError(RESOURCE_NOT_FOUND, `${what} does not exist yet (${uri.href}).`);
  return { contents: [{ uri: uri.href, mimeType, text: readFileSync(file, 'utf8') }] };
}

function wrap(f: () => ReadResourceResult): ReadResourceResult {
  try {
    return f();
  } catch (e) {
    // Only a missing run or file is "not found"; a damaged record or a bad id is invalid params (review).
    if (isAskmlError(e)) throw rpcError(e.code === 'NOT_FOUND' ? RESOURCE_NOT_FOUND : INVALID_PARAMS, e.describe());
    throw e;
  }
}

export function registerResources(mcp: McpServer, workspaceDir: () => string): void {
  for (const rf of RUN_FILES) {
    const list = (): ListResourcesResult => ({
      resources: listIds(workspaceDir(), 'runs')
        .slice(0, LIST_RUNS)
        .filter((id) => existsSync(join(workspaceDir(), 'runs', id, rf.file)))
        .map((id) => ({ uri: `askml://runs/${id}/${rf.key}`, name: `${id} ${rf.key}`, title: `${rf.title} of ${id}`, mimeType: rf.mimeType })),
    });
    mcp.registerResource(
      `run-${rf.key}`,
      new ResourceTemplate(`askml://runs/{run_id}/${rf.key}`, {
        list,
        complete: { run_id: (v) => listIds(workspaceDir(), 'runs').filter((id) => id.startsWith(v)).slice(0, 20) },
      }),
      { title: rf.title, description: `${rf.title} of a run (${rf.file} in the run folder).`, mimeType: rf.mimeType },
      (uri, vars) =>
        wrap(() => {
          const id = idOf(workspaceDir(), 'runs', vars.run_id);
          return readText(uri, join(existingRunDir(workspaceDir(), id), rf.file), rf.mimeType, `${rf.title} of run ${id}`);
        }),
    );
  }

  mcp.registerResource(
    'runs',
    'askml://runs',
    { title: 'Runs', description: 'Every run of the workspace, newest first: run_id, status, dataset, target, metric, best learner and score.', mimeType: 'application/json' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(runsIndex(workspaceDir()), null, 2) }] }),
  );
  mcp.registerResource(
    'datasets',
    'askml://datasets',
    { title: 'Datasets', description: 'Every dataset registered by profile_data, newest first: dataset_id, file, rows, columns, target.', mimeType: 'application/json' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(datasetsIndex(workspaceDir()), null, 2) }] }),
  );

  const taskId = (vars: Record<string, string | string[]>): string => {
    const id = idOf(workspaceDir(), 'tasks', vars.task_id);
    getTask(workspaceDir(), id); // NOT_FOUND with the known ids
    return id;
  };
  mcp.registerResource(
    'task',
    new ResourceTemplate('askml://tasks/{task_id}', {
      list: () => ({
        resources: listIds(workspaceDir(), 'tasks')
          .slice(0, LIST_RUNS)
          .map((id) => ({ uri: `askml://tasks/${id}`, name: `task ${id}`, mimeType: 'application/json' })),
      }),
    }),
    { title: 'Task record', description: 'A task: status, steps, run id, result summary, artifacts.', mimeType: 'application/json' },
    (uri, vars) =>
      wrap(() => {
        const rec = getTask(workspaceDir(), idOf(workspaceDir(), 'tasks', vars.task_id));
        return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(rec, null, 2) }] };
      }),
  );
  mcp.registerResource(
    'task-events',
    new ResourceTemplate('askml://tasks/{task_id}/events', { list: undefined }),
    { title: 'Task event log', description: 'A task\'s events (status, steps, progress, logs) as JSON lines.', mimeType: 'application/x-ndjson' },
    (uri, vars) => wrap(() => readText(uri, join(workspaceDir(), 'tasks', `${taskId(vars)}.events.jsonl`), 'application/x-ndjson', 'The event log')),
  );
  mcp.registerResource(
    'task-output',
    new ResourceTemplate('askml://tasks/{task_id}/output', { list: undefined }),
    { title: 'Background task output', description: 'The full tool output of a task started with start_task.', mimeType: 'application/json' },
    (uri, vars) => wrap(() => readText(uri, outputFile(workspaceDir(), taskId(vars)), 'application/json', 'The output (the task has not finished, or failed)')),
  );
}

export function registerPrompts(mcp: McpServer): void {
  mcp.registerPrompt(
    'train_model',
    {
      title: 'Train a model on this file',
      description: 'Profile a data file, search for the best model under a time budget, evaluate it on held-out rows, report and export it.',
      argsSchema: {
        path: z.string().describe('The data file (CSV, TSV, JSON, JSONL or Parquet)'),
        instruction: z.string().optional().describe('What to predict and any wishes, in plain words (e.g. "predict churned, optimise roc_auc, 60 s")'),
      },
    },
    ({ path, instruction }) => ({
      description: `Train a model on ${path}`,
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: [
              `Train a machine-learning model on the data file \`${path}\`.`,
              instruction ? `Task: ${instruction}` : 'Pick the most likely target column and task from the profile and say what you chose.',
              '',
              'Use the askml tools in this order: profile_data (read the columns, target guess and warnings), then engineer_features if useful,',
              'search_model (respect any time budget I gave; else 60 s), evaluate (held-out test metrics), report, and export_model for an ONNX file.',
              'Pass ids between tools (dataset_id, run_id), never rows. If a tool returns an error, read it, fix the arguments and call again.',
              'Finish with: target, task, metric and its test value, the best model, the report and model paths, and your assumptions.',
            ].join('\n'),
          },
        },
      ],
    }),
  );
}
