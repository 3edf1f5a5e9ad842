/**
 * One askml MCP server (one per client connection): every tool of tools/index.ts plus the
 * background start_task / cancel_task, the workspace resources and the "train a model" prompt,
 * with file access sandboxed to the allowed roots.
 *
 * Roots: when the client declares the roots capability, its roots (roots/list) are fetched before
 * the first tool call and again after each roots/list_changed notification. The request goes out
 * on the tool call's own stream (relatedRequestId), which works over stdio and HTTP alike.
 *
 * Background tasks (start_task) belong to the server (one per client session): when its transport
 * closes they are cancelled and recorded as cancelled, so no search outlives its client.
 *
 * shutdown() is for a server process that is stopping (SIGINT / SIGTERM, or stdin closed by the
 * client): the tool calls in flight are stopped and answered, and the background tasks are
 * cancelled with a reason that says so, before the caller closes the transport.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListRootsResultSchema, RootsListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { AnyTool } from '../../tools/define-tool.js';
import { TOOLS } from '../../tools/index.js';
import { defaultWorkspaceDir } from '../task/store.js';
import { createSandbox, type Sandbox } from '../util/sandbox.js';
import { SHUTDOWN_GRACE_MS, serveTools, type Extra } from './tools.js';
import { backgroundTools } from './task-tools.js';
import { cancelJobsOf } from './background.js';
import { registerPrompts, registerResources } from './resources.js';

export interface AskmlServerOptions {
  /** Workspace folder (default ASKML_WORKSPACE or ./.askml). */
  workspaceDir?: string;
  /** Extra allowed folders (`--allow DIR`). */
  allow?: readonly string[];
  /** Working folder: the default root and the base of relative paths (default process.cwd()). */
  cwd?: string;
  /** The tools to serve (default TOOLS). */
  tools?: readonly AnyTool[];
  version?: string;
}

export interface AskmlServer {
  mcp: McpServer;
  sandbox: Sandbox;
  workspaceDir: string;
  /**
   * Cancel this session's background tasks and wait (up to waitMs) until they have stopped and
   * written their records. Called by itself when the transport closes; await it before exiting.
   */
  stopBackgroundTasks(reason?: string, waitMs?: number): Promise<string[]>;
  /**
   * The server process is stopping: refuse new tool calls, stop the running ones and wait (up to
   * graceMs, then they are answered with CANCELLED) until each has been answered, and cancel the
   * background tasks with a reason naming the shutdown (`clientGone`: the client closed stdin,
   * MCP's stdio shutdown; the reason says the client disconnected). Call it before closing the
   * transport, so the answers still reach the client. `hurry` aborted: calls still running are
   * stopped hard and answered at once. Returns the cancelled background task ids.
   */
  shutdown(o?: { graceMs?: number; clientGone?: boolean; hurry?: AbortSignal }): Promise<string[]>;
}

const DISCONNECTED = 'The MCP client disconnected (stdio closed or HTTP session ended), so this background task was cancelled; results written so far are kept.';

const SERVER_STOPPED = 'The askml MCP server was stopped (SIGINT or SIGTERM), so this background task was cancelled; results written so far are kept.';

const ROOTS_TIMEOUT_MS = 5000;

export const SERVER_INSTRUCTIONS =
  'askml trains machine-learning models on tabular and text data files. Start with profile_data on a file (paths must be inside the ' +
  'allowed folders), then search_model with the dataset_id, then evaluate, report and export_model with the run_id. Long tools report ' +
  'progress; clients that cannot wait can use start_task and poll get_task. Reports, leaderboards and trial logs are resources ' +
  '(askml://runs/{run_id}/report, /leaderboard, /trials); askml://runs and askml://datasets list the ids of the workspace.';

export function createAskmlServer(o: AskmlServerOptions = {}): AskmlServer {
  const cwd = path.resolve(o.cwd ?? process.cwd());
  const workspaceDir = path.resolve(cwd, o.workspaceDir ?? defaultWorkspaceDir());
  const sandbox = createSandbox({ allow: o.allow ?? [], cwd, workspaceDir });
  const mcp = new McpServer(
    { name: 'askml', title: 'askml AutoML', version: o.version ?? '0.0.0' },
    { capabilities: { logging: {}, resources: {}, prompts: {} }, instructions: SERVER_INSTRUCTIONS },
  );
  const tools = o.tools ?? TOOLS;
  const owner = randomUUID();
  let stopping: Promise<string[]> | null = null;
  const stopBackgroundTasks = (reason = DISCONNECTED, waitMs?: number): Promise<string[]> => (stopping ??= cancelJobsOf(owner, reason, waitMs));

  let rootsStale = true;
  mcp.server.setNotificationHandler(RootsListChangedNotificationSchema, async () => {
    rootsStale = true;
  });
  const refreshRoots = async (extra: Extra, stopping?: AbortSignal): Promise<void> => {
    if (!rootsStale || !mcp.server.getClientCapabilities()?.roots) return;
    rootsStale = false;
    try {
      // Not waited for once the call is being stopped (the client closed stdin while asked for its
      // roots); `stopping` covers the call's own signal too (tools.ts).
      const res = await extra.sendRequest({ method: 'roots/list' }, ListRootsResultSchema, { timeout: ROOTS_TIMEOUT_MS, signal: stopping ?? extra.signal });
      sandbox.setClientRoots(res.roots.map((r) => r.uri));
    } catch (e) {
      process.stderr.write(`askml mcp: could not read the client's roots (${e instanceof Error ? e.message : String(e)}); using ${sandbox.roots().join(', ')}\n`);
    }
  };

  const served = serveTools(mcp.server, {
    tools: [...tools, ...backgroundTools(tools, { owner })],
    context: () => ({ workspaceDir, resolvePath: sandbox.resolvePath }),
    beforeCall: refreshRoots,
  });
  registerResources(mcp, () => workspaceDir);
  registerPrompts(mcp);
  const onclose = mcp.server.onclose;
  mcp.server.onclose = () => {
    onclose?.();
    void stopBackgroundTasks();
  };
  const shutdown = async ({ graceMs = SHUTDOWN_GRACE_MS, clientGone = false, hurry }: { graceMs?: number; clientGone?: boolean; hurry?: AbortSignal } = {}): Promise<string[]> => {
    const [, cancelled] = await Promise.all([served.shutdown({ graceMs, hurry }), stopBackgroundTasks(clientGone ? DISCONNECTED : SERVER_STOPPED)]);
    return cancelled;
  };
  return { mcp, sandbox, workspaceDir, stopBackgroundTasks, shutdown };
}
